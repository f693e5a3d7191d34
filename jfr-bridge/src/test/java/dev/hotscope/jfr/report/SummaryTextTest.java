package dev.hotscope.jfr.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text summary of a known scenario: every figure follows from the events committed. */
class SummaryTextTest {
    @TempDir
    static Path dir;
    static ScenarioRecording scenario;
    static List<String> lines;

    @BeforeAll
    static void summarize() throws Exception {
        try (ScenarioRecording started = ScenarioRecording.start()) {
            scenario = started;
            Path file = scenario.record(dir.resolve("scenario.jfr"));
            StringBuilder out = new StringBuilder();
            Report.writeSummary(file, out);
            lines = Arrays.asList(out.toString().split("\n"));
        }
    }

    @Test
    void headerNamesTheFileSpanCountsAndAgentStatus() {
        assertThat(lines.get(0)).startsWith("hotscope summary of " + dir.resolve("scenario.jfr"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Recording: ").contains(" UTC (").contains("JVM: "));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Events: ").contains("9 SyscallLatency")
            .contains("3 LockWait").contains("3 OffCpu").contains("1 RunQueueLatency").contains("2 GcPause")
            .contains("2 LatencyHistogram").contains("3 LostEvents").contains("2 AgentStatus"));
        assertThat(lines).containsOnlyOnce("Agent: syscall on: >= 1.00 ms");
    }

    @Test
    void topThreadIsTheWriterWithItsOffCpuAndSyscallTime() {
        int header = indexOf("Threads by waited time");
        assertThat(lines.get(header)).contains("top 2 of 2");
        String first = lines.get(header + 2).strip();
        assertThat(first).startsWith(ScenarioRecording.WRITER + " (" + scenario.writerTid + ")");
        assertThat(first.split("\\s{2,}")).containsExactly(ScenarioRecording.WRITER + " (" + scenario.writerTid + ")",
            "100 ms /2", "55.0 ms /5", "-", "-");
        String second = lines.get(header + 3).strip();
        assertThat(second.split("\\s{2,}")).containsExactly(ScenarioRecording.READER + " (" + scenario.readerTid + ")",
            "10.0 ms /1", "8.00 ms /4", "90.0 ms /3", "4.00 ms /1");
    }

    @Test
    void syscallsRankByTotalWithPercentilesFromTheLatestHistogram() {
        int header = indexOf("Syscalls by total latency");
        assertThat(lines.get(header + 2).strip().split("\\s+"))
            .containsExactly("fsync", "-", "-", "<=32.8", "ms", "<=32.8", "ms", "2", "40.0", "ms", "20.0", "ms");
        // read: the later histogram (20 calls) counts, not the first (10); p99 falls in 4096-8191 us.
        assertThat(lines.get(header + 3).strip().split("\\s+"))
            .containsExactly("read", "20", "200", "us", "<=15.0", "us", "<=8.19", "ms", "3", "15.0", "ms", "5.00", "ms");
        assertThat(lines.get(header + 4).strip()).startsWith("futex");
    }

    @Test
    void lockWaitsNameTheirWaker() {
        int header = indexOf("Lock waits: ");
        assertThat(lines.get(header)).isEqualTo("Lock waits: 3 waits, 90.0 ms in all (futex 3: 90.0 ms)");
        assertThat(lines.get(header + 2).strip().split("\\s{2,}")).containsExactly(ScenarioRecording.WRITER, "3",
            "90.0 ms", "30.0 ms");
    }

    @Test
    void gcPausesWithStarvation() {
        int header = indexOf("GC pauses (hotscope.GcPause)");
        assertThat(lines.get(header)).startsWith("GC pauses (hotscope.GcPause): 2 pauses, 15.0 ms in all, longest 12.0 ms");
        assertThat(lines.get(header + 1)).contains("mean 25.0%, max 40.0%; 1 pauses at >= 25.0%");
        assertThat(lines.get(header + 2)).contains("12.0 ms").contains("young, starvation 40.0%");
    }

    @Test
    void topOffCpuStackShowsItsJavaFrames() {
        int header = indexOf("Stacks by off-CPU time");
        assertThat(lines.get(header)).contains("110 ms in all");
        assertThat(lines.get(header + 1).strip()).isEqualTo("100 ms (90.9%) sleeping, 2 intervals, threads: "
            + ScenarioRecording.WRITER);
        assertThat(lines.subList(header + 2, header + 6)).extracting(String::strip).containsExactly(
            "__futex_abstimed_wait_common [native]", "java.lang.Thread.sleep", "com.acme.Cache.refresh", "[interpreter]");
    }

    @Test
    void runQueueAndLostEvents() {
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Run-queue waits: 1 over the threshold, 4.00 ms in all"));
        assertThat(lines).contains("Lost events: 10 (syscall: ring buffer full 10)");
    }

    private static int indexOf(String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with " + prefix + " in\n" + String.join("\n", lines));
    }

    @Test
    void applicationThreadsRankBeforeTheJvmsOwn() {
        assertThat(ThreadTimes.isJvmThread("VM Periodic Task Thread")).isTrue();
        assertThat(ThreadTimes.isJvmThread("G1 Service")).isTrue();
        assertThat(ThreadTimes.isJvmThread("order-worker-1")).isFalse();
        ThreadTimes times = new ThreadTimes();
        times.add(new ThreadRef(1, "Reference Handler"), WaitKind.values()[0], 9_000_000_000L);
        times.add(new ThreadRef(2, "order-worker-1"), WaitKind.values()[0], 1_000_000L);
        assertThat(times.top(2)).extracting(t -> t.thread.name()).containsExactly("order-worker-1", "Reference Handler");
    }
}
