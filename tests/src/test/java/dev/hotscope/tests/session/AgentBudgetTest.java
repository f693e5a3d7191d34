package dev.hotscope.tests.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.TracingAssumptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code budget=N}: with every BPF feature at a zero threshold, an event storm streams about N records a
 * second per feature; the rest are counted as {@code hotscope.LostEvents} "over budget", said once per
 * feature in a line and a {@code throttled} status, and still counted in the kernel's histograms.
 */
class AgentBudgetTest {
    private static final Map<String, String> STREAMED = Map.of("syscall", "hotscope.SyscallLatency",
        "lock", "hotscope.LockWait", "offcpu", "hotscope.OffCpu", "runq", "hotscope.RunQueueLatency");
    /** 100/s for the 3 s run, start-up (up to 2 s) and the final drain: well above what a budget of 100 lets through. */
    private static final int MOST_STREAMED = 800;

    @Test
    void aStormOverBudgetIsSampledSaidOnceAndCountedInFull(@TempDir Path dir) throws Exception {
        TracingAssumptions.requireRoot();
        Path file = dir.resolve("run.jfr");
        List<String> lines;
        try (AgentRun run = AgentRun.start("syscall=0ms,lock=0ms,offcpu=0ms,runq=0ms,budget=100,interval=1s,duration=3s,file="
            + file, List.of(), 10, "storm")) {
            assertThat(run.awaitExit(Duration.ofSeconds(90))).isZero();
            lines = run.agentLines();
        }
        assertThat(lines).anyMatch(l -> l.startsWith("hotscope: started in") && l.contains("at most 100/s records per feature"));
        List<RecordedEvent> events = AgentRun.events(file);
        for (Map.Entry<String, String> feature : STREAMED.entrySet()) {
            String source = feature.getKey();
            assertThat(lines).as(source).filteredOn(l -> l.contains(source + " events over budget (100/s): sending a sample,"
                + " counting all in kernel histograms")).hasSize(1);
            assertThat(AgentRun.ofType(events, "hotscope.AgentStatus")).as(source)
                .filteredOn(e -> e.getString("feature").equals(source) && e.getString("state").equals("throttled"))
                .singleElement().satisfies(e -> assertThat(e.getString("message")).contains("over budget (100/s)"));
            List<RecordedEvent> over = AgentRun.ofType(events, "hotscope.LostEvents").stream()
                .filter(e -> e.getString("source").equals(source) && e.getString("reason").equals("over budget")).toList();
            assertThat(over).as(source).isNotEmpty();
            long lost = over.stream().mapToLong(e -> e.getLong("lost")).sum();
            assertThat(lost).as(source).isPositive()
                .isEqualTo(over.stream().mapToLong(e -> e.getLong("lostTotal")).max().orElseThrow());
            assertThat(AgentRun.ofType(events, feature.getValue())).as(source).hasSizeLessThanOrEqualTo(MOST_STREAMED);
        }
        List<RecordedEvent> histograms = AgentRun.ofType(events, "hotscope.LatencyHistogram");
        assertThat(latestCount(histograms, "syscall", "yielder"))
            .isGreaterThan(10L * threadEvents(events, "hotscope.SyscallLatency", "yielder"));
        assertThat(latestCount(histograms, "lock", "handoff-put"))
            .isGreaterThan(10L * threadEvents(events, "hotscope.LockWait", "handoff-put"));
        assertThat(latestCount(histograms, "offcpu", "handoff-put"))
            .isGreaterThan(10L * threadEvents(events, "hotscope.OffCpu", "handoff-put"));
        assertThat(histograms).anyMatch(e -> e.getString("kind").equals("lock") && e.getString("category").equals("futex"));
        assertThat(histograms).anyMatch(e -> e.getString("kind").equals("offcpu") && e.getString("category").equals("sleeping"));
    }

    @Test
    void budgetOffStreamsEverything(@TempDir Path dir) throws Exception {
        TracingAssumptions.requireRoot();
        Path file = dir.resolve("run.jfr");
        List<String> lines;
        try (AgentRun run = AgentRun.start("lock=0ms,budget=off,interval=1s,duration=2s,file=" + file, List.of(), 8,
            "storm")) {
            assertThat(run.awaitExit(Duration.ofSeconds(90))).isZero();
            lines = run.agentLines();
        }
        assertThat(lines).noneMatch(l -> l.contains("over budget")).noneMatch(l -> l.contains("at most"));
        List<RecordedEvent> events = AgentRun.events(file);
        assertThat(AgentRun.ofType(events, "hotscope.LostEvents")).noneMatch(e -> e.getString("reason").equals("over budget"));
        assertThat(AgentRun.ofType(events, "hotscope.AgentStatus")).noneMatch(e -> e.getString("state").equals("throttled"));
        assertThat(AgentRun.ofType(events, "hotscope.LockWait")).hasSizeGreaterThan(MOST_STREAMED);
    }

    /** The newest histogram of a kind for a thread, summed over its syscalls or categories. */
    private static long latestCount(List<RecordedEvent> histograms, String kind, String thread) {
        Map<String, Long> latest = new java.util.HashMap<>();
        for (RecordedEvent e : histograms) {
            if (e.getString("kind").equals(kind) && thread.equals(e.getString("threadName"))) {
                latest.merge(e.getString("syscall") + "/" + e.getString("category"), e.getLong("count"), Math::max);
            }
        }
        return latest.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long threadEvents(List<RecordedEvent> events, String type, String thread) {
        return AgentRun.ofType(events, type).stream().filter(e -> thread.equals(e.getString("threadName"))).count();
    }
}
