package dev.hotscope.tests.usdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.Bpftrace;
import dev.hotscope.tests.support.BpftraceMaps;
import dev.hotscope.tests.support.ForkedTarget;
import dev.hotscope.tests.support.TracedFiring;
import dev.hotscope.tests.support.TracingAssumptions;
import dev.hotscope.tests.support.UsdtScript;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One provider with 1000 probes: bpftrace lists them all, and the first, middle and last fire with their values. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThousandProbesTest {
    private static final String PROVIDER = "hsmany";

    @Test
    void bpftraceListsAllThousandProbesAndSeesTheFirstMiddleAndLast() throws InterruptedException {
        TracingAssumptions.requireBpftrace();
        try (ForkedTarget target = ForkedTarget.start(List.of(), "thousand")) {
            String prefix = target.backingFile() + ":" + PROVIDER + ":";
            List<String> listed = Bpftrace.listUsdt(target.pid()).stream()
                .filter(line -> line.contains(prefix))
                .map(line -> line.substring(line.indexOf(prefix) + prefix.length()))
                .collect(Collectors.toList());
            List<String> declared = Stream.concat(IntStream.range(0, 1000).mapToObj(i -> "p" + i),
                Stream.of(UsdtScript.SYNC, UsdtScript.DONE)).collect(Collectors.toList());
            assertThat(listed).as("bpftrace -l 'usdt:*' -p PID, our file").hasSize(1002)
                .containsExactlyInAnyOrderElementsOf(declared);

            String script = UsdtScript.on(target.backingFile(), PROVIDER)
                .probe("p0", "@p0 = arg0; @fires = count();")
                .probe("p500", "@p500 = arg0; @fires = count();")
                .probe("p999", "@p999 = arg0; @fires = count();")
                .withSyncAndExitOnDone()
                .build();
            BpftraceMaps seen;
            try (Bpftrace bpftrace = Bpftrace.attach(target, script)) {
                TracedFiring.fireWhenAttached(target, bpftrace, List.of("p0", "p500", "p999"));
                seen = bpftrace.awaitExit();
            }
            assertThat(seen.scalar("@p0")).as("p0").contains("1000000");
            assertThat(seen.scalar("@p500")).as("p500").contains("1000500");
            assertThat(seen.scalar("@p999")).as("p999").contains("1000999");
            assertThat(seen.scalar("@fires")).as("traced probes fired once each").contains("3");
        }
    }
}
