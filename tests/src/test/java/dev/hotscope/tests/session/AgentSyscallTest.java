package dev.hotscope.tests.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.TracingAssumptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -javaagent:hotscope.jar=syscall=...}: slow syscalls land in the file on the right thread with its Java stack. */
class AgentSyscallTest {
    @Test
    // The workload outlives start-up (up to 2 s on a loaded machine) plus the 3 s duration.
    void sleepsAreSlowSyscallsOfTheSleeperWithItsJavaStack(@TempDir Path dir) throws Exception {
        TracingAssumptions.requireRoot();
        Path file = dir.resolve("run.jfr");
        try (AgentRun run = AgentRun.start("syscall=20ms,interval=1s,duration=3s,file=" + file, List.of(), 8, "sleep")) {
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(run.agentLines()).anyMatch(l -> l.startsWith("hotscope: started in"))
                .anyMatch(l -> l.contains("duration 3.00 s ended") && l.contains("wrote " + file));
        }
        List<RecordedEvent> events = AgentRun.events(file);
        List<RecordedEvent> sleeps = AgentRun.ofType(events, "hotscope.SyscallLatency").stream()
            .filter(e -> "sleeper".equals(e.getString("threadName"))).toList();
        assertThat(sleeps).hasSizeGreaterThan(10);
        for (RecordedEvent e : sleeps) {
            assertThat(e.getDuration("latency")).isBetween(Duration.ofMillis(20), Duration.ofMillis(1000));
            assertThat(e.getThread("javaThread").getJavaName()).isEqualTo("sleeper");
            assertThat(e.getLong("osThreadId")).isPositive();
        }
        assertThat(sleeps).anySatisfy(e -> {
            assertThat(e.getString("stackSource")).isEqualTo("in-process");
            assertThat(e.getString("stack")).contains("dev.hotscope.tests.session.AgentWorkload.sleepLoop");
        });
        assertThat(AgentRun.ofType(events, "hotscope.SyscallLatency"))
            .noneMatch(e -> e.getString("threadName").startsWith("hotscope-"));
        assertThat(AgentRun.ofType(events, "hotscope.LatencyHistogram"))
            .anyMatch(e -> "sleeper".equals(e.getString("threadName")) && e.getLong("count") > 10);
        assertThat(AgentRun.ofType(events, "hotscope.AgentStatus"))
            .anyMatch(e -> e.getString("feature").equals("syscall") && e.getString("state").equals("on"));
    }
}
