package dev.hotscope.jfr.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-kernel log2 histograms (hotscope.LatencyHistogram). Each event holds one thread's counts
 * since the agent started, so only the latest of each (kind, name, thread) counts; merged per
 * syscall (lock and off-CPU ones per kind and category, e.g. "offcpu sleeping"), and all run-queue
 * histograms into one. At most {@link #MAX_KEYS} keys are kept.
 */
final class KernelHistograms {
    static final int MAX_KEYS = 20_000;
    static final String RUN_QUEUE = "run queue";

    private final Map<Key, Latest> latest = new HashMap<>();
    private long dropped;

    void add(String kind, String syscall, long osThreadId, long count, long totalNanos, String buckets) {
        Key key = new Key(kind, syscall, osThreadId);
        Latest before = latest.get(key);
        // Cumulative counts only grow: the highest is the latest.
        if (before != null && before.count >= count) {
            return;
        }
        if (before == null && latest.size() >= MAX_KEYS) {
            dropped++;
            return;
        }
        Log2Counts counts = parse(buckets);
        counts.addTotalNanos(totalNanos);
        latest.put(key, new Latest(count, counts));
    }

    boolean isEmpty() {
        return latest.isEmpty();
    }

    /** Histograms skipped because {@link #MAX_KEYS} was reached. */
    long dropped() {
        return dropped;
    }

    /** Merged histograms: one per syscall, and {@link #RUN_QUEUE}; most total time first. */
    List<Map.Entry<String, Log2Counts>> merged() {
        Map<String, Log2Counts> merged = new LinkedHashMap<>();
        for (Map.Entry<Key, Latest> e : latest.entrySet()) {
            String name = e.getKey().kind.equals("runq") ? RUN_QUEUE : e.getKey().syscall;
            merged.computeIfAbsent(name, n -> new Log2Counts()).addAll(e.getValue().counts);
        }
        List<Map.Entry<String, Log2Counts>> list = new ArrayList<>(merged.entrySet());
        list.sort((a, b) -> Long.compare(b.getValue().totalNanos(), a.getValue().totalNanos()));
        return list;
    }

    /** Parses "lowUs-highUs:count" pairs; pieces that do not parse are skipped. */
    static Log2Counts parse(String buckets) {
        Log2Counts counts = new Log2Counts();
        for (String pair : buckets.trim().split("\\s+")) {
            int dash = pair.indexOf('-');
            int colon = pair.indexOf(':');
            if (dash <= 0 || colon <= dash) {
                continue;
            }
            try {
                long high = Long.parseLong(pair.substring(dash + 1, colon));
                long n = Long.parseLong(pair.substring(colon + 1));
                if (n > 0) {
                    counts.addSlot(Log2Counts.slot(high), n);
                }
            } catch (NumberFormatException e) {
                // a piece of another format: leave it out
            }
        }
        return counts;
    }

    private record Key(String kind, String syscall, long osThreadId) {}

    private record Latest(long count, Log2Counts counts) {}
}
