package dev.hotscope.tests.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.JavaLaunchers;
import dev.hotscope.tests.support.TracingAssumptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With another JFR recording running, JFR's shared chunks give the agent's JDK part in-process copies
 * of hotscope's events; on JDK 19+ the agent removes them, so each wait is in the file once, on its thread.
 */
class InProcessCopiesTest {
    @Test
    void onJdk25TheWrittenFileHoldsEachEventOnce(@TempDir Path dir) throws Exception {
        TracingAssumptions.requireRoot();
        Path file = dir.resolve("run.jfr");
        Path users = dir.resolve("users.jfr");
        try (AgentRun run = AgentRun.start(JavaLaunchers.JDK_25, "syscall=20ms,duration=3s,file=" + file,
                List.of("-XX:StartFlightRecording:filename=" + users, "--enable-native-access=ALL-UNNAMED"), 8, "sleep")) {
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(run.agentLines()).anyMatch(l -> l.contains("wrote " + file)
                && l.contains("in-process copies that another JFR recording put in the JDK's part were removed"));
        }
        List<RecordedEvent> syscalls = AgentRun.ofType(AgentRun.events(file), "hotscope.SyscallLatency");
        assertThat(syscalls).isNotEmpty()
            .noneMatch(e -> e.getThread() != null && "hotscope-agent".equals(e.getThread().getJavaName()))
            .anySatisfy(e -> assertThat(e.getThread().getJavaName()).isEqualTo("sleeper"));
        assertThat(AgentRun.ofType(AgentRun.events(file), "jdk.JVMInformation")).as("the JDK's part kept").isNotEmpty();
        assertThat(AgentRun.ofType(AgentRun.events(users), "hotscope.SyscallLatency"))
            .as("the user's own recording keeps its in-process events").isNotEmpty();
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactlyInAnyOrder(file, users);
        }
    }
}
