package dev.hotscope.tests.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.JavaLaunchers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * async-profiler loaded the way the agent loads it (its classes and library served by
 * AgentClassLoader out of dist/hotscope.jar), in forked JVMs: the file each way of ending holds,
 * what stays behind in java.io.tmpdir, and a JVM where another copy was loaded first.
 */
class AsyncProfilerInDistTest {
    private static final Path DIST = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent()
        .resolve("dist/hotscope.jar");
    private static final String DESCRIPTION = "async-profiler 4\\.6 cpu \\((perf_events|ctimer: perf_events unavailable)\\) -> ";

    @TempDir
    Path dir;
    private Path tmp;
    private Path file;

    @BeforeEach
    void dirs() throws IOException {
        assertThat(DIST).as("dist/hotscope.jar is built by 'mvn package' before these tests").isRegularFile();
        tmp = Files.createDirectory(dir.resolve("tmp"));
        file = Files.createDirectory(dir.resolve("out")).resolve("profile.jfr");
    }

    @Test
    void stopWritesJdkEventsAndSamplesAndLeavesNothingBehind() throws Exception {
        List<String> out = run(JavaLaunchers.current(), List.of(), "stop");

        assertThat(out).contains("stopped: Optional[" + file + "]", "stopped again: Optional[" + file + "]");
        assertThat(out).noneMatch(line -> line.startsWith("line: "));
        assertSamplesAndJdkEvents();
        assertNothingLeftBehind();
    }

    @Test
    void theJvmsExitWritesTheFileWithoutStop() throws Exception {
        List<String> out = run(JavaLaunchers.current(), List.of(), "exit");

        assertThat(out).noneMatch(line -> line.startsWith("stopped"));
        assertSamplesAndJdkEvents();
        assertNothingLeftBehind();
    }

    @Test
    void stopInAShutdownHookWaitsForTheJdksOwnHook() throws Exception {
        List<String> out = run(JavaLaunchers.current(), List.of(), "hook");

        assertThat(out).contains("stopped: Optional[" + file + "]");
        assertSamplesAndJdkEvents();
        assertNothingLeftBehind();
    }

    @Test
    void onJdk25Too() throws Exception {
        assumeThat(JavaLaunchers.JDK_25).as("JDK 25 installed").isExecutable();

        List<String> out = run(JavaLaunchers.JDK_25, List.of("--enable-native-access=ALL-UNNAMED"), "stop");

        assertThat(out).contains("stopped: Optional[" + file + "]");
        assertSamplesAndJdkEvents();
        assertNothingLeftBehind();
    }

    @Test
    void aCopyLoadedByAnotherAgentIsNotLoadedTwice() throws Exception {
        Path other = dir.resolve("libasyncProfiler.so");
        try (InputStream in = one.profiler.AsyncProfiler.class.getResourceAsStream("/linux-x64/libasyncProfiler.so")) {
            assumeThat(in).as("an x64 host").isNotNull();
            Files.copy(in, other);
        }

        List<String> out = run(JavaLaunchers.current(), List.of("-agentpath:" + other), "stop");

        assertThat(out).containsExactly("line: async-profiler is already loaded in this JVM (" + other
            + ", by another agent or an earlier hotscope attach); hotscope does not load a second copy; profiler= is off",
            "not started");
        assertThat(file).doesNotExist();
    }

    @Test
    void aNoexecTmpIsOneLineNamingTheWayOut() throws Exception {
        assumeThat(Files.getAttribute(Path.of("/proc/self"), "unix:uid")).as("root, to mount a tmpfs").isEqualTo(0);
        Path noexec = Files.createDirectory(dir.resolve("noexec"));
        assumeThat(command("mount", "-t", "tmpfs", "-o", "noexec,size=8m", "hotscope-test", noexec.toString()))
            .as("mount a noexec tmpfs").isZero();
        try {
            tmp = noexec;
            List<String> out = run(JavaLaunchers.current(), List.of(), "stop");

            assertThat(out).hasSize(2).endsWith("not started");
            assertThat(out.get(0)).startsWith("line: async-profiler could not be loaded: UnsatisfiedLinkError: " + noexec)
                .endsWith("(it extracts libasyncProfiler.so into " + noexec + "; if that is mounted noexec, give the JVM"
                    + " -Done.profiler.extractPath=DIR); profiler= is off");
            assertNoLibraryLeftIn(noexec);
            assertThat(file).doesNotExist();

            Path extract = Files.createDirectory(dir.resolve("extract"));
            run(JavaLaunchers.current(), List.of("-Done.profiler.extractPath=" + extract), "stop");
            assertSamplesAndJdkEvents();
            assertNoLibraryLeftIn(extract);
        } finally {
            assertThat(command("umount", noexec.toString())).as("umount " + noexec).isZero();
        }
    }

    private static int command(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(System.out);
        return process.waitFor();
    }

    /** Runs {@link ProfiledApp}; returns its stdout after checking it exited 0 with nothing on stderr. */
    private List<String> run(Path java, List<String> jvmOptions, String how) throws Exception {
        Path jfc = java.getParent().getParent().resolve("lib/jfr/default.jfc");
        Path testClasses = Path.of(ProfiledApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Djava.io.tmpdir=" + tmp));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", testClasses + ":" + DIST, ProfiledApp.class.getName(),
            DIST.toString(), "cpu", file.toString(), jfc.toString(), how));
        try (ChildProcess app = ChildProcess.start("profiled-app", command, Map.of())) {
            int exit = app.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as(app.describe()).isZero();
            assertThat(app.stderr().all()).as(app.describe()).isEmpty();
            List<String> out = app.stdout().all();
            if (!out.contains("not started")) {
                assertThat(out.get(0)).as(app.describe()).matches("started: " + DESCRIPTION + "\\Q" + file + "\\E");
            }
            return out;
        }
    }

    private void assertSamplesAndJdkEvents() throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> burns = events.stream()
            .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample"))
            .filter(e -> ProfiledApp.BURNER.equals(e.getThread("sampledThread").getJavaName()))
            .filter(AsyncProfilerInDistTest::inBurn)
            .collect(Collectors.toList());
        assertThat(burns).as("async-profiler's samples of 1 s of CPU in burn()").hasSizeGreaterThan(10);
        assertThat(events).as("the JDK's own events").anyMatch(e -> e.getEventType().getName().equals("jdk.JVMInformation"));
    }

    private static boolean inBurn(RecordedEvent e) {
        for (RecordedFrame frame : e.getStackTrace().getFrames()) {
            if (frame.isJavaFrame() && frame.getMethod().getName().equals("burn")
                && frame.getMethod().getType().getName().equals(ProfiledApp.class.getName())) {
                return true;
            }
        }
        return false;
    }

    /** The extracted library was deleted once loaded; jfrsync's temporary file is gone. */
    private void assertNothingLeftBehind() throws IOException {
        assertNoLibraryLeftIn(tmp);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    private static void assertNoLibraryLeftIn(Path dir) throws IOException {
        try (Stream<Path> left = Files.walk(dir)) {
            assertThat(left.filter(p -> p.getFileName().toString().contains("asyncProfiler"))).isEmpty();
        }
    }
}
