package dev.hotscope.lab.render;

import java.time.Duration;
import java.util.Locale;

/** Number, duration and label formatting shared by the renderers. */
public final class Format {
    private static final String SUFFIXES = "KMGTPE";

    private Format() {
    }

    /** Returns {@code n} with thousands separators: {@code 1,234,567}. */
    public static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * Returns {@code n} the way bpftrace labels log2 buckets: exact multiples of 1024 get a
     * K/M/G/T/P/E suffix ({@code 1024 -> 1K}, {@code 3145728 -> 3M}), other numbers stay plain.
     */
    public static String binarySuffixed(long n) {
        int power = 0;
        long v = n;
        while (v != 0 && v % 1024 == 0 && power < SUFFIXES.length()) {
            v /= 1024;
            power++;
        }
        return power == 0 ? Long.toString(n) : v + String.valueOf(SUFFIXES.charAt(power - 1));
    }

    /** Returns a duration for people: {@code 850 ns}, {@code 12.3 µs}, {@code 4.56 ms}, {@code 2.01 s}. */
    public static String human(long nanos) {
        TimeUnitLabel u = TimeUnitLabel.forMagnitude(Math.abs(nanos), 1);
        if (u == TimeUnitLabel.NS) {
            return nanos + " ns";
        }
        double v = (double) nanos / u.nanos;
        String pattern = Math.abs(v) >= 100 ? "%,.0f %s" : Math.abs(v) >= 10 ? "%.1f %s" : "%.2f %s";
        return String.format(Locale.ROOT, pattern, v, u.label);
    }

    /** Returns {@code nanos} in {@code unit} with thousands separators and one decimal (none for ns). */
    public static String inUnit(long nanos, TimeUnitLabel unit) {
        if (unit == TimeUnitLabel.NS) {
            return thousands(nanos);
        }
        return String.format(Locale.ROOT, "%,.1f", (double) nanos / unit.nanos);
    }

    /** Returns {@code d} in nanoseconds, saturating at {@code Long.MAX_VALUE} for huge durations. */
    public static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Returns {@code s} cut to {@code max} characters, ending in an ellipsis when cut. */
    public static String clip(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        return max <= 1 ? "…".substring(0, max) : s.substring(0, max - 1) + "…";
    }

    /** Units for a column of durations, chosen so its largest value has at least two digits. */
    public enum TimeUnitLabel {
        /** Nanoseconds. */
        NS("ns", 1L),
        /** Microseconds. */
        US("µs", 1_000L),
        /** Milliseconds. */
        MS("ms", 1_000_000L),
        /** Seconds. */
        S("s", 1_000_000_000L);

        private final String label;
        private final long nanos;

        TimeUnitLabel(String label, long nanos) {
            this.label = label;
            this.nanos = nanos;
        }

        /** Returns the unit's short name, e.g. {@code ms}. */
        public String label() {
            return label;
        }

        /** Returns the largest unit in which {@code maxNanos} is at least {@code minimum} units. */
        public static TimeUnitLabel forMagnitude(long maxNanos, long minimum) {
            TimeUnitLabel[] all = values();
            for (int i = all.length - 1; i > 0; i--) {
                if (maxNanos / all[i].nanos >= minimum) {
                    return all[i];
                }
            }
            return NS;
        }
    }
}
