package dev.hotscope.bpf.hist;

import java.util.Arrays;

/**
 * A power-of-two histogram as BPF programs keep them: slot 0 counts values 0 and 1, slot i > 0
 * counts values in [2^i, 2^(i+1)). Immutable; {@link #format(String)} prints it the way bcc's
 * tools do ({@code usecs : count distribution}).
 */
public final class Log2Histogram {
    private static final int STARS = 40;

    private final long[] slots;

    /**
     * @param slots counts per slot; copied; not null
     */
    public Log2Histogram(long[] slots) {
        this.slots = slots.clone();
    }

    /** An empty histogram with {@code n} slots. */
    public static Log2Histogram empty(int n) {
        return new Log2Histogram(new long[n]);
    }

    /** The slot a value falls in. */
    public static int slotOf(long value) {
        return value <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(value);
    }

    /** Lowest value counted in a slot. */
    public static long low(int slot) {
        return slot == 0 ? 0 : 1L << slot;
    }

    /** Highest value counted in a slot. */
    public static long high(int slot) {
        return slot >= 63 ? Long.MAX_VALUE : (1L << (slot + 1)) - 1;
    }

    /** Count in one slot, 0 beyond the last. */
    public long count(int slot) {
        return slot >= 0 && slot < slots.length ? slots[slot] : 0;
    }

    /** Number of slots. */
    public int size() {
        return slots.length;
    }

    /** Sum of all counts. */
    public long total() {
        return Arrays.stream(slots).sum();
    }

    /**
     * This histogram plus another, slot by slot.
     *
     * @param other not null
     * @return a new histogram as long as the longer of the two
     */
    public Log2Histogram plus(Log2Histogram other) {
        long[] sum = Arrays.copyOf(slots, Math.max(slots.length, other.slots.length));
        for (int i = 0; i < other.slots.length; i++) {
            sum[i] += other.slots[i];
        }
        return new Log2Histogram(sum);
    }

    /** Counts per slot, a copy. */
    public long[] slots() {
        return slots.clone();
    }

    /**
     * Prints the histogram in bcc's layout: rows from slot 0 to the highest non-empty slot, each
     * {@code low -> high : count |stars|} with stars scaled to the largest count.
     *
     * @param unit the value's unit for the header, e.g. {@code usecs}; not null
     * @return the lines, ending with a newline; empty if every count is 0
     */
    public String format(String unit) {
        int last = slots.length - 1;
        while (last >= 0 && slots[last] == 0) {
            last--;
        }
        if (last < 0) {
            return "";
        }
        long max = Arrays.stream(slots).max().orElse(1);
        boolean wide = last > 32;
        int width = wide ? 20 : 10;
        StringBuilder out = new StringBuilder();
        out.append(" ".repeat(wide ? 15 : 5)).append(pad(unit, wide ? 29 : 19)).append(" : count     distribution\n");
        for (int i = 0; i <= last; i++) {
            int stars = (int) (slots[i] * STARS / max);
            out.append(String.format("%" + width + "d -> %-" + width + "d : %-9d |%-" + STARS + "s|%n",
                low(i), high(i), slots[i], "*".repeat(stars)));
        }
        return out.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
