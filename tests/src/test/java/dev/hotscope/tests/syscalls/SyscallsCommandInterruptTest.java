package dev.hotscope.tests.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.TracingAssumptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code hotscope syscalls} as an operator runs it: Ctrl-C (SIGINT) prints what it has and exits. */
class SyscallsCommandInterruptTest {
    private static final Path JAR = Path.of(System.getProperty("user.dir")).resolveSibling("dist").resolve("hotscope.jar");

    @Test
    void ctrlCPrintsTheReportSoFar() throws Exception {
        TracingAssumptions.requireRoot();
        assertThat(JAR).as("dist/hotscope.jar is built in the package phase before these tests").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (ChildProcess busy = ChildProcess.start("busy", List.of("sh", "-c", "while true; do sleep 0.05; done"), Map.of());
             ChildProcess cli = ChildProcess.start("hotscope", List.of(java, "-jar", JAR.toString(), "syscalls",
                 Long.toString(busy.pid()), "--duration", "5m", "--min", "10ms"), Map.of())) {
            cli.stderr().await(line -> line.matches("\\s+1 s: .*"), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no progress line: " + cli.describe()));
            new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).start().waitFor();
            int exit = cli.awaitExit(Duration.ofSeconds(20));
            String out = String.join("\n", cli.stdout().all());
            assertThat(out).as(cli.describe()).contains("Traced pid " + busy.pid() + ", interrupted after");
            assertThat(out).contains("syscall = wait4").contains("Slowest calls:").contains("Lost: 0");
            assertThat(exit).as("the JVM's status after SIGINT once its hooks have run").isEqualTo(130);
        }
    }
}
