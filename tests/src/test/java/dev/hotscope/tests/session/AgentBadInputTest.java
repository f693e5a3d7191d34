package dev.hotscope.tests.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.Commands;
import dev.hotscope.tests.support.JavaLaunchers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad options, pids and states get one clear line; the application always runs on. */
class AgentBadInputTest {
    @Test
    void badAgentOptionsLeaveTheApplicationRunningUntraced() throws Exception {
        try (AgentRun run = AgentRun.start("syscal=5ms,gc", List.of(), 1, "sleep")) {
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(run.process().stdout().all()).contains("DONE");
            assertThat(run.agentLines()).containsExactly("hotscope: agent not started: unknown option 'syscal=5ms':"
                + " accepted are syscall[=MIN], gc, lock[=MIN], offcpu[=MIN], runq[=MIN], probe=CLASS#METHOD"
                + " (repeatable), span=MIN, profiler=cpu|wall|alloc|lock, file=PATH, duration=DUR, interval=DUR,"
                + " budget=N|off (records per second per feature), separated by commas");
        }
    }

    @Test
    void badThresholdNamesTheOption() throws Exception {
        try (AgentRun run = AgentRun.start("lock=soon", List.of(), 1, "idle")) {
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(run.agentLines()).singleElement().asString()
                .startsWith("hotscope: agent not started: option 'lock=soon': 'soon' is not a duration");
        }
    }

    @Test
    void attachToAPidThatIsNotJava() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            Commands.Result r = cli("attach", Long.toString(sleep.pid()));
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.stdout()).anyMatch(l -> l.contains("pid " + sleep.pid() + " (sleep) is not a Java process"));
        } finally {
            sleep.destroy();
        }
    }

    @Test
    void attachToAPidThatDoesNotExist() throws Exception {
        Commands.Result r = cli("attach", "999999999");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).anyMatch(l -> l.contains("no process with pid 999999999"));
    }

    @Test
    void attachWithTextForAPid() throws Exception {
        Commands.Result r = cli("attach", "self");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).anyMatch(l -> l.contains("'self' is not a pid"));
    }

    @Test
    void attachWithBadOptionsNeverReachesTheJvm() throws Exception {
        Commands.Result r = cli("attach", Long.toString(ProcessHandle.current().pid()), "offcpu=1x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).anyMatch(l -> l.contains("option 'offcpu=1x'"));
    }

    @Test
    void detachWhenNothingRuns() throws Exception {
        try (AgentRun run = AgentRun.start(null, List.of(), 0, "idle")) {
            Commands.Result r = cli("detach", Long.toString(run.pid()));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stdout()).anyMatch(l -> l.contains("pid " + run.pid() + ": not running"));
        }
    }

    /** Runs the CLI from the jar; stdout and stderr lines together. */
    static Commands.Result cli(String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(JavaLaunchers.current().toString(), "-jar",
            AgentRun.DIST_JAR.toString()));
        command.addAll(List.of(args));
        try (ChildProcess child = ChildProcess.start("hotscope", command, Map.of())) {
            child.process().getOutputStream().close();
            int exitCode = child.awaitExit(Duration.ofSeconds(120));
            List<String> lines = new ArrayList<>(child.stdout().all());
            lines.addAll(child.stderr().all());
            return new Commands.Result(exitCode, lines, child.describe());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
