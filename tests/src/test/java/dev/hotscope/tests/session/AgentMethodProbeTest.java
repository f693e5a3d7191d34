package dev.hotscope.tests.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.TracingAssumptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probe=}: probed calls become spans, and kernel events name the probed method they happened in. */
class AgentMethodProbeTest {
    private static final String PAUSE = "dev.hotscope.tests.session.AgentWorkload#pause(long)";

    @Test
    void spansAndAttributionOfSyscallsToTheProbedMethod(@TempDir Path dir) throws Exception {
        TracingAssumptions.requireRoot();
        Path file = dir.resolve("probes.jfr");
        try (AgentRun run = AgentRun.start("syscall=20ms,probe=dev.hotscope.tests.session.AgentWorkload#pause,"
            + "span=10ms,duration=3s,file=" + file, List.of(), 5, "sleep")) {
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
        }
        List<RecordedEvent> events = AgentRun.events(file);
        List<RecordedEvent> spans = AgentRun.ofType(events, "hotscope.MethodSpan");
        assertThat(spans).hasSizeGreaterThan(10).allSatisfy(e -> {
            assertThat(e.getString("method")).isEqualTo(PAUSE);
            assertThat(e.getDuration("span")).isGreaterThanOrEqualTo(Duration.ofMillis(10));
            assertThat(e.getThread("eventThread").getJavaName()).isEqualTo("sleeper");
            assertThat(e.getStackTrace().getFrames()).anyMatch(f -> f.getMethod().getName().equals("sleepLoop"));
        });
        RecordedEvent probesOn = AgentRun.ofType(events, "hotscope.AgentStatus").stream()
            .filter(e -> e.getString("feature").equals("probe") && e.getString("state").equals("on"))
            .findFirst().orElseThrow(() -> new AssertionError("no status event says the probes are on"));
        // The syscall tracer may attach before Byte Buddy has rewritten pause(): only the sleeps that
        // began once the probes were on (their status is committed after that) must name it.
        assertThat(AgentRun.ofType(events, "hotscope.SyscallLatency"))
            .filteredOn(e -> "sleeper".equals(e.getString("threadName")))
            .filteredOn(e -> e.getInstant("began").isAfter(probesOn.getStartTime()))
            .hasSizeGreaterThan(10)
            .allSatisfy(e -> assertThat(e.getString("probedMethod")).isEqualTo(PAUSE));
    }

    @Test
    void aBadPatternStopsTheAgentWithOneLine() throws Exception {
        try (AgentRun run = AgentRun.start("probe=Workload", List.of(), 1, "idle")) {
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(run.agentLines()).singleElement().asString()
                .startsWith("hotscope: agent not started: probe=Workload");
        }
    }
}
