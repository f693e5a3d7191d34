package dev.hotscope.jfr.report;

/**
 * A log2 histogram of microseconds laid out like the agent's in-kernel ones (and bcc's): slot 0
 * holds 0-1 us, slot k holds 2^k to 2^(k+1)-1 us.
 */
final class Log2Counts {
    static final int SLOTS = 64;

    private final long[] counts = new long[SLOTS];
    private long count;
    private long totalNanos;

    /** The slot of a value in microseconds. */
    static int slot(long micros) {
        return micros <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(micros);
    }

    static long low(int slot) {
        return slot == 0 ? 0 : 1L << slot;
    }

    static long high(int slot) {
        return slot >= 63 ? Long.MAX_VALUE : (1L << (slot + 1)) - 1;
    }

    void addNanos(long nanos) {
        long n = Math.max(0, nanos);
        counts[slot(n / 1000)]++;
        count++;
        totalNanos += n;
    }

    void addSlot(int slot, long n) {
        counts[slot] += n;
        count += n;
    }

    void addTotalNanos(long nanos) {
        totalNanos += nanos;
    }

    void addAll(Log2Counts other) {
        for (int i = 0; i < SLOTS; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        totalNanos += other.totalNanos;
    }

    long count(int slot) {
        return counts[slot];
    }

    long count() {
        return count;
    }

    long totalNanos() {
        return totalNanos;
    }

    /** Upper bound in microseconds of the slot holding the quantile, as the agent computes it; 0 when empty. */
    long percentileMicros(double quantile) {
        if (count == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(count * quantile);
        long seen = 0;
        for (int slot = 0; slot < SLOTS; slot++) {
            seen += counts[slot];
            if (seen >= rank) {
                return high(slot);
            }
        }
        return high(SLOTS - 1);
    }

    /** First and last non-empty slot, or {-1, -1} when empty. */
    int[] range() {
        int first = -1;
        int last = -1;
        for (int slot = 0; slot < SLOTS; slot++) {
            if (counts[slot] > 0) {
                first = first < 0 ? slot : first;
                last = slot;
            }
        }
        return new int[] {first, last};
    }

    /** "2-3 us", "1.02-2.05 ms"-style label of a slot: both bounds in the unit of the upper one. */
    static String label(int slot) {
        long low = low(slot);
        long high = high(slot);
        if (slot >= 40) {
            return ">= " + Nanos.micros(low);
        }
        if (high < 1_000) {
            return low + "-" + high + " us";
        }
        double scale = high < 1_000_000 ? 1e3 : 1e6;
        String unit = high < 1_000_000 ? " ms" : " s";
        return trim(low / scale) + "-" + trim(high / scale) + unit;
    }

    private static String trim(double value) {
        String s = String.format(java.util.Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
