package dev.hotscope.tests.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.TracingAssumptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code profiler=cpu}: async-profiler's samples, the JDK's events and hotscope's attributed events
 * in one file, each part intact.
 */
class AgentProfilerTest {
    @Test
    void cpuSamplesJdkEventsAndHotscopeEventsShareOneFile(@TempDir Path dir) throws Exception {
        TracingAssumptions.requireRoot();
        Path file = dir.resolve("run.jfr");
        try (AgentRun run = AgentRun.start("syscall=20ms,profiler=cpu,duration=3s,file=" + file, List.of(), 8,
                "gc", "sleep")) {
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(run.agentLines()).anyMatch(l -> l.contains("with async-profiler") && l.contains("cpu"))
                .anyMatch(l -> l.contains("duration 3.00 s ended") && l.contains("wrote " + file));
        }
        List<RecordedEvent> events = AgentRun.events(file);
        assertThat(AgentRun.ofType(events, "jdk.ExecutionSample"))
            .filteredOn(e -> e.getThread("sampledThread") != null)
            .as("async-profiler's samples of the allocating thread")
            .anySatisfy(e -> {
                assertThat(e.getThread("sampledThread").getJavaName()).isEqualTo("allocator");
                assertThat(e.getStackTrace().getFrames())
                    .anyMatch(f -> f.getMethod().getName().equals("churn"));
            });
        assertThat(AgentRun.ofType(events, "jdk.JVMInformation")).isNotEmpty();
        assertThat(AgentRun.ofType(events, "hotscope.SyscallLatency"))
            .anySatisfy(e -> assertThat(e.getThread().getJavaName()).isEqualTo("sleeper"));
        assertThat(AgentRun.ofType(events, "hotscope.SyscallLatency")).filteredOn(e -> e.getThread() == null)
            .as("events of JVM-internal threads still name their thread").isEmpty();
        // Written by the agent's chunk only: the JDK's part has them off, so none is about the agent.
        assertThat(AgentRun.ofType(events, "hotscope.SyscallLatency"))
            .noneMatch(e -> e.getThread() != null && e.getThread().getOSName().startsWith("hotscope-"));
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers).as("no settings or part files left next to the recording").containsExactly(file);
        }
    }
}
