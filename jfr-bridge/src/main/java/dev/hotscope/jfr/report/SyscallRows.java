package dev.hotscope.jfr.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Syscalls by total latency, for the text and the page alike: all calls from the in-kernel histograms
 * when the recording has them, and the slow calls (the events over the agent's threshold).
 */
final class SyscallRows {
    private SyscallRows() {}

    /**
     * One syscall.
     *
     * @param all every call, from the in-kernel histograms; null when there are none for it
     * @param slow the calls over the threshold, from the events; null when there were none
     */
    record Row(String name, Log2Counts all, NamedStats.Stat slow) {
        long rankNanos() {
            return Math.max(all == null ? 0 : all.totalNanos(), slow == null ? 0 : slow.durations.totalNanos());
        }

        /** The histogram percentiles are taken from: all calls when known, else the slow ones. */
        Log2Counts basis() {
            return all != null ? all : slow.durations;
        }
    }

    static List<Row> top(Findings f, int n) {
        Map<String, Log2Counts> all = new HashMap<>();
        for (Map.Entry<String, Log2Counts> e : f.kernelHistograms.merged()) {
            if (!e.getKey().equals(KernelHistograms.RUN_QUEUE)) {
                all.put(e.getKey(), e.getValue());
            }
        }
        TopN<Row> top = new TopN<>(n);
        for (NamedStats.Stat s : f.syscalls.top(NamedStats.MAX_NAMES + 1)) {
            Row row = new Row(s.name, all.remove(s.name), s);
            top.offer(row.rankNanos(), row);
        }
        for (Map.Entry<String, Log2Counts> e : all.entrySet()) {
            Row row = new Row(e.getKey(), e.getValue(), null);
            top.offer(row.rankNanos(), row);
        }
        return new ArrayList<>(top.largestFirst());
    }
}
