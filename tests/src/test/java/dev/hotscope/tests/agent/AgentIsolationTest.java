package dev.hotscope.tests.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.JavaLaunchers;
import dev.hotscope.tests.support.Timeouts;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An application under {@code -javaagent:dist/hotscope.jar} sees its own libraries and none of the
 * agent's, although {@code -javaagent} puts the agent jar on its class path.
 */
class AgentIsolationTest {
    /** Copied there by the maven-dependency-plugin (tests/pom.xml): other versions than the agent's. */
    private static final Path APP_LIBS = Path.of(System.getProperty("user.dir"), "target", "app-libs");
    private static final String APP_BYTE_BUDDY = "byte-buddy-1.14.18.jar";
    private static final String APP_PICOCLI = "picocli-4.7.5.jar";
    private static final String[] AGENT_CLASSES = {"jnr.ffi.LibraryLoader", "com.kenai.jffi.Library",
        "dev.hotscope.javaagent.internal.AgentRuntime", "dev.hotscope.bpf.BpfObject", "dev.hotscope.agent.boot.HotscopeAgent"};

    @Test
    void anAppWithItsOwnByteBuddyAndPicocliGetsThem() throws Exception {
        List<String> out = run(APP_LIBS.resolve(APP_BYTE_BUDDY), APP_LIBS.resolve(APP_PICOCLI));

        assertThat(out).contains(
            "bytebuddy " + APP_BYTE_BUDDY,
            "bytebuddy-poms 1",
            "picocli 4.7.5");
        assertAgentInvisible(out);
    }

    @Test
    void anAppWithoutThemFindsNone() throws Exception {
        List<String> out = run();

        assertThat(out).contains("bytebuddy absent", "bytebuddy-poms 0", "picocli absent");
        assertAgentInvisible(out);
    }

    /** The boot classes are the one part of the jar the app can see; they are how the agent starts. */
    private static void assertAgentInvisible(List<String> out) {
        assertThat(out).contains(
            "class jnr.ffi.LibraryLoader absent",
            "class com.kenai.jffi.Library absent",
            "class dev.hotscope.javaagent.internal.AgentRuntime absent",
            "class dev.hotscope.bpf.BpfObject absent",
            "class dev.hotscope.agent.boot.HotscopeAgent visible",
            "resource syscalls.bpf.o absent");
        assertThat(out).as("the runtime ran, in its own loader, and answered 'status'")
            .anyMatch(l -> l.matches("agent status \\d+ .+"));
    }

    private static List<String> run(Path... appLibraries) throws Exception {
        for (Path library : appLibraries) {
            assertThat(library).as("copied by the maven-dependency-plugin in process-test-resources").isRegularFile();
        }
        List<String> classPath = new ArrayList<>();
        classPath.add(testClasses().toString());
        for (Path library : appLibraries) {
            classPath.add(library.toString());
        }
        List<String> command = new ArrayList<>(List.of(JavaLaunchers.current().toString(),
            "-javaagent:" + AgentJars.dist() + "=status",
            "-cp", String.join(File.pathSeparator, classPath), OwnLibrariesApp.class.getName()));
        command.addAll(List.of(AGENT_CLASSES));
        try (ChildProcess app = ChildProcess.start("app", command, Map.of())) {
            assertThat(app.awaitExit(Timeouts.EXIT)).as(app.describe()).isZero();
            assertThat(app.stderr().all()).as(app.describe()).noneMatch(l -> l.startsWith("hotscope: agent not started"));
            return app.stdout().all();
        }
    }

    static Path testClasses() throws Exception {
        return Path.of(OwnLibrariesApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
