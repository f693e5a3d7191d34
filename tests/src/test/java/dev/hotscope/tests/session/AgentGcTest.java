package dev.hotscope.tests.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.TracingAssumptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gc}: a GC-heavy JVM's pauses come with the CPU its GC threads got, beside the JDK's own GC events. */
class AgentGcTest {
    @Test
    void pausesCarryTheKernelsViewAndMatchTheJdksCount(@TempDir Path dir) throws Exception {
        TracingAssumptions.requireRoot();
        Path file = dir.resolve("gc.jfr");
        try (AgentRun run = AgentRun.start("gc,duration=3s,file=" + file,
            List.of("-XX:+UseG1GC", "-Xmx64m", "-XX:ParallelGCThreads=2"), 5, "gc")) {
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
        }
        List<RecordedEvent> events = AgentRun.events(file);
        List<RecordedEvent> pauses = AgentRun.ofType(events, "hotscope.GcPause");
        assertThat(pauses).hasSizeGreaterThan(3);
        assertThat(pauses).anyMatch(e -> e.getBoolean("full")).anyMatch(e -> !e.getBoolean("full"));
        for (RecordedEvent e : pauses) {
            Duration pause = e.getDuration("pause");
            assertThat(pause).isPositive();
            assertThat(e.getInt("gcThreads")).isPositive();
            assertThat(e.getDuration("gcCpuTime")).isLessThanOrEqualTo(pause.multipliedBy(e.getInt("gcThreads")));
            assertThat(e.getString("source")).isEqualTo("usdt");
        }
        assertThat(AgentRun.ofType(events, "hotscope.Safepoint"))
            .anyMatch(e -> e.getString("operation").startsWith("G1Collect"));
        // The JDK's own view of the same collections is in the same file.
        assertThat(AgentRun.ofType(events, "jdk.GarbageCollection")).isNotEmpty();
    }
}
