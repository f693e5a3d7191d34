package dev.hotscope.tests.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.JavaLaunchers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hotscope report} and {@code hotscope summary} run from the dist jar as processes. */
class ReportCliTest {
    @TempDir
    static Path dir;
    static Path recording;

    @BeforeAll
    static void recording() throws Exception {
        assertThat(ReportInputs.DIST_JAR).as("the dist jar; build it with mvn -pl javaagent -am install").isRegularFile();
        recording = ReportInputs.inProcess(dir.resolve("in-process.jfr"));
    }

    @Test
    void reportWritesThePage() throws Exception {
        Path html = dir.resolve("page.html");
        Run run = hotscope("report", recording.toString(), "-o", html.toString());
        assertThat(run.exit).as(run.description).isZero();
        assertThat(run.stderr).isEmpty();
        assertThat(run.stdout).singleElement().asString().startsWith("Wrote " + html + " (")
            .matches(".*\\): 61 hotscope events, \\d+ JDK events");
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<div id=\"timeline\"").contains("id=\"flame-offcpu\"")
            .contains("report-test-2 (102)").endsWith("</html>\n");
    }

    @Test
    void reportWithoutOutputWritesBesideTheRecording() throws Exception {
        Path copy = Files.copy(recording, dir.resolve("beside.jfr"));
        Run run = hotscope("report", copy.toString());
        assertThat(run.exit).as(run.description).isZero();
        assertThat(dir.resolve("beside.html")).isRegularFile();
    }

    @Test
    void summaryPrintsTheFindings() throws Exception {
        Run run = hotscope("summary", recording.toString());
        assertThat(run.exit).as(run.description).isZero();
        assertThat(run.stderr).isEmpty();
        assertThat(run.stdout.get(0)).startsWith("hotscope summary of " + recording);
        // report-test-1 waits longest: i = 1, 4, ..., 19 (7 events each of syscall, lock and off-CPU).
        int threads = run.stdout.indexOf(run.stdout.stream().filter(l -> l.startsWith("Threads by waited time"))
            .findFirst().orElseThrow());
        assertThat(run.stdout.get(threads + 2).strip()).startsWith("report-test-1 (101)");
        assertThat(run.stdout).contains("Lock waits: 20 waits, 420 ms in all (futex 20: 420 ms)")
            .anySatisfy(l -> assertThat(l).startsWith("GC pauses (hotscope.GcPause): 1 pauses, 15.0 ms in all"))
            .contains("Lost events: none reported");
    }

    @Test
    void recordingWithoutHotscopeEventsIsNoError() throws Exception {
        Path jdkOnly = dir.resolve("jdk-only.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.GarbageCollection");
            r.start();
            System.gc();
            r.stop();
            r.dump(jdkOnly);
        }
        Run report = hotscope("report", jdkOnly.toString(), "-o", dir.resolve("jdk-only.html").toString());
        assertThat(report.exit).as(report.description).isZero();
        assertThat(report.stdout).singleElement().asString().contains("no hotscope events in " + jdkOnly);
        Run summary = hotscope("summary", jdkOnly.toString());
        assertThat(summary.exit).isZero();
        assertThat(summary.stdout).anySatisfy(l -> assertThat(l).startsWith("No hotscope events in this recording"))
            .anySatisfy(l -> assertThat(l).startsWith("GC pauses (jdk.GarbageCollection): "));
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws Exception {
        Path directory = Files.createDirectories(dir.resolve("a-directory.jfr"));
        Path empty = Files.createFile(dir.resolve("empty.jfr"));
        Path text = Files.writeString(dir.resolve("text.jfr"), "not a recording\n");
        byte[] whole = Files.readAllBytes(recording);
        Path cut = Files.write(dir.resolve("cut.jfr"), Arrays.copyOf(whole, whole.length * 2 / 3));
        Path missing = dir.resolve("missing.jfr");
        assertRefused(missing + " does not exist: give a .jfr file", "report", missing.toString());
        assertRefused(directory + " is a directory: give a .jfr file", "report", directory.toString());
        assertRefused(empty + " is empty (0 bytes)", "report", empty.toString());
        assertRefused(text + " is not a JFR recording", "report", text.toString());
        assertRefused(cut + " is truncated: ", "report", cut.toString());
        assertRefused(cut + " is truncated: ", "summary", cut.toString());
        assertRefused(text + " is not a JFR recording", "summary", text.toString());
        Path unwritable = dir.resolve("no-such-dir/page.html");
        assertRefused("cannot write " + unwritable + ": the directory " + unwritable.getParent() + " does not exist",
            "report", recording.toString(), "-o", unwritable.toString());
        assertThat(unwritable).doesNotExist();
    }

    @Test
    void missingArgumentIsAUsageError() throws Exception {
        Run run = hotscope("summary");
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.stderr).singleElement().asString()
            .isEqualTo("hotscope summary: Missing required parameter: 'FILE.jfr' (see 'hotscope summary --help')");
    }

    private static void assertRefused(String message, String... args) throws Exception {
        Run run = hotscope(args);
        assertThat(run.exit).as(run.description).isEqualTo(2);
        assertThat(run.stdout).as(run.description).isEmpty();
        assertThat(run.stderr).as(run.description).singleElement().asString()
            .startsWith("hotscope " + args[0] + ": " + message);
    }

    private static Run hotscope(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JavaLaunchers.current().toString(), "-jar",
            ReportInputs.DIST_JAR.toString()));
        command.addAll(List.of(args));
        try (ChildProcess cli = ChildProcess.start("hotscope", command, Map.of())) {
            cli.process().getOutputStream().close();
            int exit = cli.awaitExit(Duration.ofSeconds(120));
            return new Run(exit, cli.stdout().all(), cli.stderr().all(), cli.describe());
        }
    }

    private record Run(int exit, List<String> stdout, List<String> stderr, String description) {}
}
