package dev.hotscope.lab.bpftrace;

import java.util.List;

/**
 * A bpftrace {@code hist()} or {@code lhist()} as parsed, before it becomes the lab's histogram.
 * TODO(bpftrace): replace by dev.hotscope.lab.Histogram once the render helper's record lands on main.
 *
 * @param title the map's name, with its key for a keyed histogram
 * @param log2 whether the buckets are powers of two
 * @param buckets ascending; low inclusive, high exclusive, Long.MIN_VALUE / Long.MAX_VALUE for open ends
 */
record HistogramData(String title, boolean log2, List<Bucket> buckets) {
    HistogramData {
        buckets = List.copyOf(buckets);
    }

    long total() {
        return buckets.stream().mapToLong(Bucket::count).sum();
    }

    /** One bucket. */
    record Bucket(long low, long high, long count) {}
}
