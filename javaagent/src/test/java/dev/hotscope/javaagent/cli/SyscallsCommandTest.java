package dev.hotscope.javaagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.bpf.BpfAssumptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SyscallsCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = HotscopeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void badArgumentsGiveOneLineAndExitCode2() {
        assertThat(run("syscalls", "abc")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(
            "hotscope syscalls: 'abc' is not a pid; expected a positive integer process id" + System.lineSeparator());

        err.getBuffer().setLength(0);
        long self = ProcessHandle.current().pid();
        assertThat(run("syscalls", Long.toString(self), "--duration", "10x")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("hotscope syscalls: '10x' is not a duration: use a number with"
            + " a unit ns, us, ms, s, m or h, e.g. 500ms or 10s");

        err.getBuffer().setLength(0);
        assertThat(run("syscalls", "999999999")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("hotscope syscalls: no process with pid 999999999");
    }

    @Test
    void tracesAProcessAndPrintsHistogramsSlowCallsAndLosses() throws Exception {
        BpfAssumptions.assumeBpf();
        Process sleeper = new ProcessBuilder("sh", "-c", "while true; do sleep 0.05; done").start();
        try {
            assertThat(run("syscalls", Long.toString(sleeper.pid()), "--duration", "1500ms", "--min", "10ms")).isZero();
        } finally {
            sleeper.destroyForcibly();
        }
        String text = out.toString();
        assertThat(text).contains("Traced pid " + sleeper.pid() + ", after ");
        assertThat(text).contains("syscall = wait4").contains("usecs               : count     distribution");
        assertThat(text).contains("Slowest calls:").containsPattern("sh +\\d+  wait4 +\\d+\\.\\d ms");
        assertThat(text).contains("Lost: 0 slow-call records");
        assertThat(err.toString()).contains("Tracing syscalls of pid " + sleeper.pid());
    }

    @Test
    void aTargetThatExitsMidTraceEndsTheTraceWithWhatWasSeen() throws Exception {
        BpfAssumptions.assumeBpf();
        Process shortLived = new ProcessBuilder("sh", "-c", "sleep 0.3; sleep 0.3").start();
        long started = System.nanoTime();
        assertThat(run("syscalls", Long.toString(shortLived.pid()), "--duration", "20s", "--min", "100ms")).as("%s", err).isZero();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(15);
        assertThat(out.toString()).contains("pid " + shortLived.pid() + " exited after").contains("syscall = wait4");
        assertThat(shortLived.waitFor(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void helpNamesEveryOption() {
        assertThat(run("syscalls", "--help")).isZero();
        assertThat(out.toString()).contains("--duration", "--min", "--top", "PID");
    }
}
