package dev.hotscope.tests.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.JavaLaunchers;
import dev.hotscope.tests.support.Timeouts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The boot entry ({@code HotscopeAgent}) with stand-in runtimes compiled into copies of the dist
 * jar: the product has no test hooks, so a broken runtime is made by replacing the real one.
 */
class AgentBootTest {
    /** Prints every launch with what it was given and which loader and context loader it ran in. */
    private static final String RECORDING_RUNTIME = AgentJars.runtimeSource(
        "System.err.println(\"test-runtime initialized\");",
        "ClassLoader own = AgentRuntime.class.getClassLoader();"
            + " System.err.println(\"test-runtime launch \" + options + \" attached=\" + attached"
            + " + \" loader=\" + System.identityHashCode(own)"
            + " + \" context-is-agent=\" + (Thread.currentThread().getContextClassLoader() == own));");

    static Stream<Arguments> brokenRuntimes() {
        return Stream.of(
            Arguments.of("launch-throws", AgentJars.runtimeSource("", "fail(\"broken\\n  on two lines\");"),
                "java.lang.IllegalStateException: broken on two lines"),
            Arguments.of("launch-errs", AgentJars.runtimeSource("", "throw new OutOfMemoryError(\"simulated\");"),
                "java.lang.OutOfMemoryError: simulated"),
            Arguments.of("init-throws", AgentJars.runtimeSource("fail(\"no init\");", ""),
                "java.lang.IllegalStateException: no init"),
            Arguments.of("no-launch", "package dev.hotscope.javaagent.internal; public final class AgentRuntime {}",
                "java.lang.NoSuchMethodException: dev.hotscope.javaagent.internal.AgentRuntime.launch("
                    + "java.lang.String,java.lang.instrument.Instrumentation,boolean)"),
            Arguments.of("no-runtime", null,
                "java.lang.ClassNotFoundException: dev.hotscope.javaagent.internal.AgentRuntime"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRuntimes")
    void aBrokenRuntimeCostsOneLineAndTheAppRuns(String name, String source, String reason, @TempDir Path dir)
        throws Exception {
        Path jar = AgentJars.withRuntime(dir, name, source);

        try (ChildProcess app = startApp(List.of("-javaagent:" + jar + "=anything"))) {
            assertThat(app.awaitExit(Timeouts.EXIT)).as(app.describe()).isZero();
            assertThat(app.stdout().all()).as(app.describe())
                .containsExactly("app main runs; context loader is the app's: true", "app main done");
            assertThat(app.stderr().all()).as(app.describe()).containsExactly("hotscope: agent not started: " + reason);
        }
    }

    @Test
    void everyLaunchReachesOneRuntimeInOneLoader(@TempDir Path dir) throws Exception {
        Path jar = AgentJars.withRuntime(dir, "recording", RECORDING_RUNTIME);

        try (ChildProcess app = startApp(List.of("-javaagent:" + jar + "=first", "-javaagent:" + jar + "=second"), "wait")) {
            String ready = app.stdout().await(l -> l.startsWith("READY "), Timeouts.JVM_START)
                .orElseThrow(() -> new AssertionError("no READY: " + app.describe()));
            attach(ready.substring(6), jar, "third");
            attach(ready.substring(6), jar, "fourth");
            app.process().getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            app.process().getOutputStream().flush();
            assertThat(app.awaitExit(Timeouts.EXIT)).as(app.describe()).isZero();

            assertThat(app.stdout().all()).as(app.describe())
                .contains("app main runs; context loader is the app's: true", "app main done");
            List<String> lines = app.stderr().all().stream().filter(l -> l.startsWith("test-runtime")).collect(Collectors.toList());
            assertThat(lines).as(app.describe()).hasSize(5);
            assertThat(lines.get(0)).isEqualTo("test-runtime initialized");
            List<String> launches = lines.subList(1, 5);
            Pattern launch = Pattern.compile("test-runtime launch (\\w+) attached=(\\w+) loader=(\\d+) context-is-agent=(\\w+)");
            List<String> seen = new ArrayList<>();
            String loader = null;
            for (String line : launches) {
                Matcher m = launch.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                seen.add(m.group(1) + " " + m.group(2) + " " + m.group(4));
                loader = loader == null ? m.group(3) : loader;
                assertThat(m.group(3)).as("the same loader for every launch").isEqualTo(loader);
            }
            assertThat(seen).containsExactly("first false true", "second false true", "third true true", "fourth true true");
            assertThat(app.stderr().all()).noneMatch(l -> l.startsWith("hotscope: agent not started"));
        }
    }

    /**
     * What the method-probe bridge does: the runtime reads a {@code dev.hotscope.agent.bootstrap}
     * class as a resource of its own loader, appends it to the bootstrap search path, and then its
     * loader resolves the name to that bootstrap copy, never to one of its own.
     */
    @Test
    void theBootstrapPackageResolvesToTheInjectedCopy(@TempDir Path dir) throws Exception {
        String marker = "dev.hotscope.agent.bootstrap.BootTestMarker";
        String runtime = AgentJars.runtimeSource("", """
            String name = "%s";
            String resource = name.replace('.', '/') + ".class";
            ClassLoader own = AgentRuntime.class.getClassLoader();
            try {
                byte[] bytes;
                try (java.io.InputStream in = own.getResourceAsStream(resource)) { bytes = in.readAllBytes(); }
                java.nio.file.Path jar = java.nio.file.Files.createTempFile("hotscope-marker", ".jar");
                try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
                    out.putNextEntry(new java.util.zip.ZipEntry(resource));
                    out.write(bytes);
                }
                String before;
                try { before = String.valueOf(own.loadClass(name).getClassLoader()); } catch (ClassNotFoundException e) { before = "not found"; }
                inst.appendToBootstrapClassLoaderSearch(new java.util.jar.JarFile(jar.toFile()));
                java.nio.file.Files.delete(jar);
                Class<?> after = own.loadClass(name);
                System.err.println("test-runtime before: " + before + "; after: " + after.getClassLoader()
                    + "; same as bootstrap's: " + (after == Class.forName(name, false, null)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            """.formatted(marker));
        byte[] markerClass = AgentJars.compile(marker, "package dev.hotscope.agent.bootstrap; public final class BootTestMarker {}");
        Path jar = AgentJars.copy(dir.resolve("bridge.jar"), n -> true, Map.of(
            AgentJars.classdata(AgentJars.RUNTIME), AgentJars.compile(AgentJars.RUNTIME, runtime),
            AgentJars.classdata(marker), markerClass));

        try (ChildProcess app = startApp(List.of("-javaagent:" + jar))) {
            assertThat(app.awaitExit(Timeouts.EXIT)).as(app.describe()).isZero();
            // JDK 17 also warns that class sharing is now limited to the boot loader: not ours to judge here.
            assertThat(app.stderr().all()).as(app.describe()).filteredOn(l -> l.startsWith("test-runtime"))
                .containsExactly("test-runtime before: not found; after: null; same as bootstrap's: true");
        }
    }

    private static ChildProcess startApp(List<String> jvmFlags, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(JavaLaunchers.current().toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", AgentIsolationTest.testClasses().toString(), PlainApp.class.getName()));
        command.addAll(List.of(args));
        return ChildProcess.start("app", command, Map.of());
    }

    private static void attach(String pid, Path jar, String options) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(pid);
        try {
            vm.loadAgent(jar.toString(), options);
        } finally {
            vm.detach();
        }
    }
}
