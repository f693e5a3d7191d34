package dev.hotscope.tests.usdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.Bpftrace;
import dev.hotscope.tests.support.BpftraceMaps;
import dev.hotscope.tests.support.ForkedTarget;
import dev.hotscope.tests.support.ProbeState;
import dev.hotscope.tests.support.TracedFiring;
import dev.hotscope.tests.support.TracingAssumptions;
import dev.hotscope.tests.support.UsdtScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing a provider while bpftrace is attached: the JVM keeps running, the probes read as
 * disabled, the object is unmapped and deleted, no uprobe event of ours is left in tracefs, and
 * firing afterwards reaches nobody.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CloseWhileTracedTest {
    private static final String PROBE = "request__start";

    @Test
    void closingUnderATracerUnmapsAndDeletesTheObjectAndKeepsTheJvmAlive() throws InterruptedException, IOException {
        TracingAssumptions.requireBpftrace();
        Path uprobeEvents = TracingAssumptions.requireTracefs();
        try (ForkedTarget target = ForkedTarget.start(List.of(), "values")) {
            Path file = target.backingFile();
            Path maps = Path.of("/proc", Long.toString(target.pid()), "maps");
            assertThat(Files.readString(maps)).as("/proc/PID/maps before close").contains(file.toString());
            String script = UsdtScript.on(file, ValuesTrace.PROVIDER)
                .probe(PROBE, "@starts = count();")
                .withSync()
                .probe(UsdtScript.DONE, "@dones = count(); printf(\"DONE\\n\");")
                .build();

            try (Bpftrace bpftrace = Bpftrace.attach(target, script)) {
                TracedFiring.fireWhenAttached(target, bpftrace, List.of(PROBE));
                bpftrace.awaitLine("DONE"::equals, "DONE after the first fire");

                target.requestExpecting("close", "CLOSED loaded=false closed=true");
                assertThat(target.state(PROBE)).as("after close, still traced").isEqualTo(new ProbeState(false, 0));
                target.fire();
                target.requestExpecting("ping", "PONG");
                assertThat(target.process().isAlive()).as("target still running").isTrue();

                assertThat(Files.readString(maps)).as("/proc/PID/maps after close").doesNotContain(file.toString());
                assertThat(file).as("backing file after close").doesNotExist();
                assertThat(Files.readString(uprobeEvents)).as(uprobeEvents + " after close")
                    .doesNotContain(file.toString()).doesNotContain(file.getFileName().toString());

                BpftraceMaps seen = bpftrace.stop();
                assertThat(seen.scalar("@starts")).as("request__start fired before and after close; %s", seen).contains("1");
                assertThat(seen.scalar("@dones")).as("done fired before and after close; %s", seen).contains("1");
            }
        }
    }
}
