package dev.hotscope.javaagent.internal.session;

import dev.hotscope.bpf.hist.Log2Histogram;

/**
 * Turns in-kernel log2 histograms (microsecond buckets) of one kind into the latest values of the
 * periodic {@code hotscope.LatencyHistogram} event, keyed per thread (and syscall).
 */
final class Histograms {
    private final EventContext context;
    private final PeriodicHistograms periodic;
    private final String kind;

    Histograms(EventContext context, String kind) {
        this.context = context;
        this.periodic = context.histograms();
        this.kind = kind;
    }

    /**
     * Stores one histogram's latest values for the next period.
     *
     * @param key what tells histograms of this kind apart (the tid, or tid and syscall)
     */
    void update(long key, String syscall, long tid, Log2Histogram micros, long count, long totalNanos) {
        update(key, syscall, "", tid, micros, count, totalNanos);
    }

    /**
     * Stores one histogram's latest values for the next period.
     *
     * @param key what tells histograms of this kind apart (the tid, with the syscall or category)
     * @param category the reason (offcpu) or wait kind (lock); empty for other kinds
     */
    void update(long key, String syscall, String category, long tid, Log2Histogram micros, long count,
                long totalNanos) {
        if (count == 0 || context.ignored(tid)) {
            return;
        }
        PeriodicHistograms.Snapshot snapshot = new PeriodicHistograms.Snapshot(kind, syscall, category, tid,
            context.javaThread(tid), context.threadName(tid), count, totalNanos, percentile(micros, 0.50),
            percentile(micros, 0.99), buckets(micros));
        periodic.put(kind + ':' + key, snapshot);
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
