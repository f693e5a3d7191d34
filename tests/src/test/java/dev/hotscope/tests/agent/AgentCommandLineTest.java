package dev.hotscope.tests.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.JavaLaunchers;
import dev.hotscope.tests.support.Timeouts;
import dev.hotscope.tests.support.TracingAssumptions;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code java -jar dist/hotscope.jar}: the command line runs inside the agent's loader. */
class AgentCommandLineTest {
    @Test
    void printsHelp() throws Exception {
        try (ChildProcess cli = cli(JavaLaunchers.current(), "--help")) {
            assertThat(cli.awaitExit(Timeouts.COMMAND)).as(cli.describe()).isZero();
            assertThat(cli.stdout().all()).as(cli.describe())
                .anyMatch(l -> l.startsWith("Usage: hotscope"))
                .anyMatch(l -> l.trim().startsWith("syscalls "));
            assertThat(cli.stderr().all()).isEmpty();
        }
    }

    @Test
    void printsTheVersionOfTheManifest() throws Exception {
        try (ChildProcess cli = cli(JavaLaunchers.current(), "--version")) {
            assertThat(cli.awaitExit(Timeouts.COMMAND)).as(cli.describe()).isZero();
            assertThat(cli.stdout().all()).containsExactly("hotscope " + AgentJars.manifest().getValue("Implementation-Version"));
        }
    }

    /** jffi loads its JNI stub from the agent's loader, whose unnamed module the manifest's Enable-Native-Access covers. */
    @Test
    void jdk25GivesNoNativeAccessWarning() throws Exception {
        TracingAssumptions.requireRoot();
        TracingAssumptions.requireJava(JavaLaunchers.JDK_25, "JDK 25");
        try (ChildProcess busy = ChildProcess.start("busy", List.of("sh", "-c", "while true; do sleep 0.05; done"), Map.of());
             ChildProcess cli = cli(JavaLaunchers.JDK_25, "syscalls", Long.toString(busy.pid()), "--duration", "1s")) {
            assertThat(cli.awaitExit(Timeouts.COMMAND)).as(cli.describe()).isZero();
            assertThat(cli.stdout().all()).as(cli.describe()).anyMatch(l -> l.startsWith("syscall = wait4"));
            assertThat(cli.stderr().all()).as(cli.describe()).noneMatch(l -> l.contains("WARNING"));
        }
    }

    /** Byte Buddy's JDK class-file bridge exists only under META-INF/versions/24 of its jar. */
    @Test
    void jdk25LoadsVersionedClasses() throws Exception {
        TracingAssumptions.requireJava(JavaLaunchers.JDK_25, "JDK 25");
        String versionedOnly = "net.bytebuddy.jar.asmjdkbridge.JdkClassReader";
        List<String> command = List.of(JavaLaunchers.JDK_25.toString(),
            "-cp", AgentIsolationTest.testClasses() + File.pathSeparator + AgentJars.dist(),
            VersionedClassProbe.class.getName(), AgentJars.dist().toString(), versionedOnly);
        try (ChildProcess probe = ChildProcess.start("probe", command, Map.of())) {
            assertThat(probe.awaitExit(Timeouts.COMMAND)).as(probe.describe()).isZero();
            assertThat(probe.stdout().all()).as(probe.describe())
                .anyMatch(l -> l.startsWith("loaded " + versionedOnly + " from ")
                    && l.endsWith("!/hotscope-inst/META-INF/versions/24/net/bytebuddy/jar/asmjdkbridge/JdkClassReader.class"));
        }
    }

    private static ChildProcess cli(Path java, String... args) {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", AgentJars.dist().toString()));
        command.addAll(List.of(args));
        return ChildProcess.start("hotscope", command, Map.of());
    }
}
