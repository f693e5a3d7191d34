package dev.hotscope.tests.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.JavaLaunchers;
import dev.hotscope.tests.support.TracingAssumptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent's written file read by the JDK's {@code jfr} tool, of the running JDK and of JDK 25. */
class JfrToolTest {
    private static final Pattern SUMMARY_ROW = Pattern.compile("^\\s*(\\S+)\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final Map<String, String> LABELS = Map.of("hotscope.SyscallLatency", "Syscall Latency",
        "hotscope.LockWait", "Lock Wait", "hotscope.OffCpu", "Off-CPU", "hotscope.RunQueueLatency", "Run Queue Latency",
        "hotscope.GcPause", "GC Pause", "hotscope.Safepoint", "Safepoint", "hotscope.MethodSpan", "Method Span",
        "hotscope.AgentStatus", "Agent Status", "hotscope.LatencyHistogram", "Latency Histogram",
        "hotscope.OffCpuStack", "Off-CPU By Stack");
    /** Rows of jfr summary that count the file's structure (metadata, constant pools), not events. */
    private static final List<String> CHUNK_ROWS = List.of("jdk.Metadata", "jdk.CheckPoint", "jdk.Checkpoint");
    private static WrittenRecording rec;

    @BeforeAll
    static void record() throws Exception {
        rec = WrittenRecording.get();
    }

    static Stream<Path> jfrTools() {
        return Stream.of(AgentJvm.JDK_BIN.resolve("jfr"), JavaLaunchers.JDK_25.getParent().resolve("jfr"));
    }

    @ParameterizedTest
    @MethodSource("jfrTools")
    void summaryCountsEachTypeOnceAsRecordingFileDoes(Path jfr) throws Exception {
        Run summary = run(jfr, "summary", rec.file.toString());
        Map<String, Long> rows = new TreeMap<>();
        List<String> repeated = new ArrayList<>();
        for (String line : summary.lines) {
            Matcher m = SUMMARY_ROW.matcher(line);
            if (m.matches() && (m.group(1).startsWith("hotscope.") || m.group(1).startsWith("jdk."))) {
                if (rows.put(m.group(1), Long.parseLong(m.group(2))) != null) {
                    repeated.add(m.group(1));
                }
            }
        }
        assertThat(repeated).as("types listed twice").isEmpty();
        assertThat(RecordingParts.withPrefix(rows, "hotscope.")).as("hotscope rows of jfr summary")
            .containsKeys(LABELS.keySet().toArray(String[]::new))
            .allSatisfy((type, count) -> assertThat(count).as(type).isPositive())
            .isEqualTo(RecordingParts.withPrefix(rec.counts, "hotscope."));
        Map<String, Long> jdkRows = new TreeMap<>(RecordingParts.withPrefix(rows, "jdk."));
        jdkRows.values().removeIf(n -> n == 0);
        jdkRows.keySet().removeAll(CHUNK_ROWS);
        assertThat(jdkRows).as("jdk rows of jfr summary").isEqualTo(RecordingParts.withPrefix(rec.counts, "jdk."));
    }

    @ParameterizedTest
    @MethodSource("jfrTools")
    void printShowsLockWaitsOnTheWaiterWithItsStack(Path jfr) throws Exception {
        Run print = run(jfr, "print", "--stack-depth", "64", "--events", "hotscope.LockWait", rec.file.toString());
        String text = String.join("\n", print.lines);
        List<String> events = List.of(text.split("(?m)^hotscope\\.LockWait \\{"));
        assertThat(events.size() - 1).as("events printed").isEqualTo(rec.counts.get("hotscope.LockWait").intValue());
        Pattern waiter = Pattern.compile("eventThread = \"" + JfrWorkload.WAITER + "\" \\(javaThreadId = \\d+\\)");
        Pattern method = Pattern.compile(
            "^\\s+dev\\.hotscope\\.tests\\.jfr\\.JfrWorkload\\.waitForLock\\(\\) line: \\d+$", Pattern.MULTILINE);
        long onWaiter = events.stream().filter(e -> waiter.matcher(e).find()).count();
        long withMethod = events.stream().filter(e -> waiter.matcher(e).find() && method.matcher(e).find()).count();
        System.out.printf("%s print: %d LockWait events, %d on %s, %d with waitForLock and its line%n", jfr,
            events.size() - 1, onWaiter, JfrWorkload.WAITER, withMethod);
        assertThat(onWaiter).as("events printed with eventThread = %s", JfrWorkload.WAITER).isPositive();
        assertThat(withMethod).as("of those, with waitForLock() and its line in the stack trace").isPositive();
    }

    @ParameterizedTest
    @MethodSource("jfrTools")
    void metadataLabelsEachHotscopeType(Path jfr) throws Exception {
        Run metadata = run(jfr, "metadata", rec.file.toString());
        String text = String.join("\n", metadata.lines);
        LABELS.forEach((type, label) -> {
            List<String> declarations = declarations(text, type);
            assertThat(declarations).as("declarations of %s", type).isNotEmpty().allSatisfy(d -> assertThat(d)
                .contains("@Label(\"" + label + "\")").containsPattern("@Category\\(\\{\"hotscope\", \"\\w+\"\\}\\)")
                .contains("@Description(\""));
        });
    }

    /** The annotations of each declaration of a type in jfr metadata's output, up to its class line. */
    private static List<String> declarations(String metadata, String type) {
        List<String> found = new ArrayList<>();
        String name = "@Name(\"" + type + "\")";
        for (int at = metadata.indexOf(name); at >= 0; at = metadata.indexOf(name, at + 1)) {
            int classLine = metadata.indexOf("\nclass ", at);
            found.add(metadata.substring(at, classLine < 0 ? metadata.length() : classLine));
        }
        return found;
    }

    private record Run(int exitCode, List<String> lines) {}

    /** Runs the tool; exit code 0 and no internal error, or fails showing its output. */
    private static Run run(Path jfr, String... args) throws Exception {
        TracingAssumptions.requireJava(jfr, "the jfr tool " + jfr);
        List<String> command = new ArrayList<>(List.of(jfr.toString()));
        command.addAll(List.of(args));
        long began = System.nanoTime();
        try (ChildProcess child = ChildProcess.start("jfr", command, Map.of())) {
            child.process().getOutputStream().close();
            int exit = child.awaitExit(Duration.ofSeconds(120));
            List<String> lines = new ArrayList<>(child.stdout().all());
            List<String> errors = child.stderr().all();
            System.out.printf("%s %s: exit %d, %d lines, %d ms%n", jfr, args[0], exit, lines.size(),
                (System.nanoTime() - began) / 1_000_000);
            String all = String.join("\n", lines) + "\n" + String.join("\n", errors);
            assertThat(all).as("output of %s", String.join(" ", command)).doesNotContain("unexpected internal error");
            assertThat(exit).as("exit code of %s; stderr: %s", String.join(" ", command), errors).isZero();
            lines.addAll(errors);
            return new Run(exit, lines);
        }
    }
}
