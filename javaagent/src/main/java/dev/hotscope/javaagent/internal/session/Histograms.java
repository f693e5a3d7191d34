package dev.hotscope.javaagent.internal.session;

import dev.hotscope.bpf.hist.Log2Histogram;
import dev.hotscope.jfr.events.LatencyHistogramEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * Commits in-kernel log2 histograms (microsecond buckets) as {@code hotscope.LatencyHistogram}.
 * They are cumulative: each report commits only those whose count changed since the last one.
 */
final class Histograms {
    private final EventContext context;
    private final String kind;
    private final Map<Long, Long> reportedCounts = new HashMap<>();

    Histograms(EventContext context, String kind) {
        this.context = context;
        this.kind = kind;
    }

    /**
     * Commits one histogram unless its count is what was last committed for the same key.
     *
     * @param key what tells histograms of this kind apart (the tid, or tid and syscall)
     */
    void commitIfChanged(long key, String syscall, long tid, Log2Histogram micros, long count, long totalNanos) {
        Long before = reportedCounts.put(key, count);
        if (count == 0 || (before != null && before == count) || context.ignored(tid)) {
            return;
        }
        LatencyHistogramEvent e = new LatencyHistogramEvent();
        e.kind = kind;
        e.syscall = syscall;
        e.osThreadId = tid;
        e.javaThread = context.javaThread(tid);
        e.threadName = context.threadName(tid);
        e.count = count;
        e.total = totalNanos;
        e.p50 = percentile(micros, 0.50);
        e.p99 = percentile(micros, 0.99);
        e.buckets = buckets(micros);
        e.commit();
    }

    /** Upper bound of the bucket holding the quantile, in microseconds. */
    static long percentile(Log2Histogram h, double quantile) {
        long total = h.total();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * quantile);
        long seen = 0;
        for (int slot = 0; slot < h.size(); slot++) {
            seen += h.count(slot);
            if (seen >= rank) {
                return Log2Histogram.high(slot);
            }
        }
        return Log2Histogram.high(h.size() - 1);
    }

    static String buckets(Log2Histogram h) {
        StringBuilder s = new StringBuilder();
        for (int slot = 0; slot < h.size(); slot++) {
            long n = h.count(slot);
            if (n > 0) {
                s.append(s.length() == 0 ? "" : " ").append(Log2Histogram.low(slot)).append('-')
                    .append(Log2Histogram.high(slot)).append(':').append(n);
            }
        }
        return s.toString();
    }
}
