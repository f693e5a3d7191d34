package dev.hotscope.lab;

import dev.hotscope.lab.render.Format;
import dev.hotscope.lab.render.HistogramRenderer;
import java.util.List;
import java.util.Objects;

/**
 * A distribution of values in buckets, like bpftrace's {@code hist()} ({@code log2 == true}: power-of-two
 * buckets) or {@code lhist()} (linear buckets). Immutable.
 *
 * @param title what was measured, e.g. {@code syscalls duration}; not null
 * @param unit the values' unit, e.g. {@code usecs}; not null (may be empty)
 * @param log2 whether the buckets are powers of two
 * @param buckets in ascending order, not overlapping; not null, no null elements
 * @param lost events the kernel could not deliver, so not counted here; not negative
 */
public record Histogram(String title, String unit, boolean log2, List<Bucket> buckets, long lost) implements Rich {
    /**
     * Checks and copies the arguments.
     *
     * @throws NullPointerException if title, unit, buckets or a bucket is null
     * @throws IllegalArgumentException if lost is negative or buckets are out of order or overlap
     */
    public Histogram {
        Objects.requireNonNull(title, "title is null; pass \"\" for none");
        Objects.requireNonNull(unit, "unit is null; pass \"\" for none");
        Objects.requireNonNull(buckets, "buckets is null; pass List.of() for an empty histogram");
        for (Bucket b : buckets) {
            Objects.requireNonNull(b, "buckets contains null; pass only Bucket values");
        }
        buckets = List.copyOf(buckets);
        for (int i = 1; i < buckets.size(); i++) {
            if (buckets.get(i).low() < buckets.get(i - 1).high()) {
                throw new IllegalArgumentException("buckets must ascend without overlapping, but " + buckets.get(i - 1)
                    + " is followed by " + buckets.get(i));
            }
        }
        if (lost < 0) {
            throw new IllegalArgumentException("lost must be 0 or more, not " + lost);
        }
    }

    /** Returns the number of values counted, over all buckets. */
    public long total() {
        long t = 0;
        for (Bucket b : buckets) {
            t += b.count();
        }
        return t;
    }

    /**
     * Returns the bucket holding the {@code p}-th percentile: the first bucket at which the running count
     * reaches {@code p}% of {@link #total()}. A histogram knows buckets, not values, so this is a range.
     *
     * @param p from 0 to 100, e.g. 99 or 99.9
     * @throws IllegalArgumentException if p is outside [0, 100] or NaN
     * @throws IllegalStateException if the histogram is empty
     */
    public Bucket percentile(double p) {
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be from 0 to 100, e.g. 99 or 99.9, not " + p);
        }
        long total = total();
        if (total == 0) {
            throw new IllegalStateException("no events in " + describe() + ", so no percentile");
        }
        double wanted = Math.max(1, Math.ceil(total * p / 100.0));
        long running = 0;
        for (Bucket b : buckets) {
            running += b.count();
            if (running >= wanted) {
                return b;
            }
        }
        return buckets.get(buckets.size() - 1);
    }

    /**
     * Returns the bucket with the most values (the first such bucket on a tie).
     *
     * @throws IllegalStateException if the histogram is empty
     */
    public Bucket peak() {
        Bucket best = null;
        for (Bucket b : buckets) {
            if (b.count() > 0 && (best == null || b.count() > best.count())) {
                best = b;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no events in " + describe() + ", so no peak");
        }
        return best;
    }

    /** Returns the text rendering, bpftrace style, e.g. {@code [4, 8)   12 |@@@@@@   |}. */
    @Override
    public String toText() {
        return HistogramRenderer.text(this);
    }

    /** Returns an inline SVG bar chart. */
    @Override
    public String toHtml() {
        return HistogramRenderer.html(this);
    }

    /** Returns {@link #toText()}. */
    @Override
    public String toString() {
        return toText();
    }

    private String describe() {
        return title.isEmpty() ? "this histogram" : title;
    }

    /**
     * One bucket: the values from {@code low} (inclusive) to {@code high} (exclusive). {@code Long.MIN_VALUE}
     * as low and {@code Long.MAX_VALUE} as high mean "no bound" (so the top bucket also holds
     * {@code Long.MAX_VALUE}).
     *
     * @param low the smallest value in the bucket
     * @param high the first value above the bucket; greater than low
     * @param count how many values fell in it; not negative
     */
    public record Bucket(long low, long high, long count) {
        /**
         * Checks the arguments.
         *
         * @throws IllegalArgumentException if high is not above low or count is negative
         */
        public Bucket {
            if (high <= low) {
                throw new IllegalArgumentException("a bucket's high must be above its low, but got [" + low + ", "
                    + high + ")");
            }
            if (count < 0) {
                throw new IllegalArgumentException("a bucket's count must be 0 or more, not " + count);
            }
        }

        /** Returns whether {@code value} falls in this bucket. */
        public boolean contains(long value) {
            return value >= low && (value < high || high == Long.MAX_VALUE);
        }

        /**
         * Returns the bucket's label as bpftrace prints it: {@code [0]}, {@code [4, 8)}, {@code [1K, 2K)},
         * {@code (..., 0)}, {@code [100, ...)}. Bounds of power-of-two buckets get K/M/G/T/P/E suffixes from 1024;
         * linear buckets stay plain, e.g. {@code [1024, 1536)}.
         */
        public String label() {
            if (low == Long.MIN_VALUE) {
                return "(..., " + bound(high) + ")";
            }
            if (high == Long.MAX_VALUE) {
                return "[" + bound(low) + ", ...)";
            }
            if (high - low == 1) {
                return "[" + low + "]";
            }
            boolean log2 = low > 0 && high == 2 * low;
            return log2 ? "[" + bound(low) + ", " + bound(high) + ")" : "[" + low + ", " + high + ")";
        }

        private static String bound(long n) {
            boolean powerOfTwo = n > 0 && (n & (n - 1)) == 0;
            return powerOfTwo ? Format.binarySuffixed(n) : Long.toString(n);
        }

        /** Returns the label and count, e.g. {@code [4, 8): 12}. */
        @Override
        public String toString() {
            return label() + ": " + count;
        }
    }
}
