package dev.hotscope.javaagent.internal.session;

import dev.hotscope.bpf.hist.Log2Histogram;
import dev.hotscope.jfr.events.LatencyHistogramEvent;

/** Commits in-kernel log2 histograms (microsecond buckets) as {@code hotscope.LatencyHistogram}. */
final class Histograms {
    private Histograms() {}

    static void commit(EventContext context, String kind, String syscall, long tid, Log2Histogram micros,
                       long count, long totalNanos) {
        if (count == 0 || context.ignored(tid)) {
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
