package dev.hotscope.javaagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProbesCommandTest {
    private static final String LIBJVM = "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so";
    private static final String SELF = Long.toString(ProcessHandle.current().pid());

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void listsHotspotProbesOfThisJvm() {
        int code = run("probes", SELF);

        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).matches("PROVIDER +PROBE +ARGS +ENABLED +FILE");
        assertThat(lines).anySatisfy(l -> assertThat(l.split(" +"))
            .containsExactly("hotspot", "gc__begin", "1@%dil", "-", "libjvm.so"));
    }

    @Test
    void providerFilterKeepsOnlyThatProvider() {
        int code = run("probes", "--provider", "hotspot_jni", SELF);

        assertThat(code).isZero();
        List<String> rows = out.toString().lines().skip(1).toList();
        assertThat(rows).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("hotspot_jni "));
    }

    @Test
    void saysSoWhenAProviderHasNoProbes() {
        int code = run("probes", "--provider", "nosuch", SELF);

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("no USDT probes of provider nosuch in pid " + SELF + "\n");
    }

    @Test
    void listsTheProbesOfAFile() {
        int code = run("probes", "--file", LIBJVM, "--provider", "hotspot");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("gc__end").contains("libjvm.so");
    }

    @Test
    void aPidThatIsNotANumberIsOneLineAndExitTwo() {
        int code = run("probes", "abc");

        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo(
            "hotscope probes: 'abc' is not a pid; expected a positive integer process id\n");
    }

    @Test
    void aPidWithNoProcessIsOneLineAndExitTwo() {
        int code = run("probes", "4194305");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(
            "hotscope probes: no process with pid 4194305; expected the pid of a running process\n");
    }

    @Test
    void aNegativePidIsOneLineAndExitTwo() {
        int code = run("probes", "-5");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("hotscope probes: ").hasLineCount(1);
    }

    @Test
    void neitherPidNorFileIsOneLineAndExitTwo() {
        int code = run("probes");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("hotscope probes: give either a PID or --file PATH\n");
    }

    @Test
    void aFileThatIsNotElfIsOneLineAndExitTwo() {
        int code = run("probes", "--file", "/etc/hostname");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("hotscope probes: /etc/hostname: not an ELF file").hasLineCount(1);
    }

    @Test
    void versionComesFromTheManifestOrIsDev() {
        int code = run("--version");

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("hotscope dev\n");
    }

    @Test
    void enabledColumnTellsSemaphoreStates() {
        assertThat(ProbesCommand.enabled(probe(0, 0, -1))).isEqualTo("-");
        assertThat(ProbesCommand.enabled(probe(0x10, 0x7f10, -1))).isEqualTo("?");
        assertThat(ProbesCommand.enabled(probe(0x10, 0x7f10, 0))).isEqualTo("no");
        assertThat(ProbesCommand.enabled(probe(0x10, 0x7f10, 2))).isEqualTo("yes");
    }

    private static dev.hotscope.usdt.UsdtProbeInfo probe(long semaphore, long runtime, int count) {
        return new dev.hotscope.usdt.UsdtProbeInfo(1, "/x.so", "p", "n", "", 0x10, semaphore, runtime, count);
    }

    private int run(String... args) {
        CommandLine cli = HotscopeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
