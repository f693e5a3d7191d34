package dev.hotscope.javaagent.internal;

import java.time.Duration;
import java.util.Locale;

/** Durations as operators type them: {@code 10s}, {@code 500ms}, {@code 250us}, {@code 2m}, {@code 1h}. */
public final class Durations {
    private Durations() {}

    /** What every error message says is accepted. */
    public static final String ACCEPTED = "a number with a unit ns, us, ms, s, m or h, e.g. 500ms or 10s";

    /**
     * Parses a duration.
     *
     * @param text the text; not null
     * @return the duration, never negative
     * @throws IllegalArgumentException naming the text and what is accepted
     */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int unitStart = 0;
        while (unitStart < t.length() && (Character.isDigit(t.charAt(unitStart)) || t.charAt(unitStart) == '.')) {
            unitStart++;
        }
        if (unitStart == 0 || unitStart == t.length()) {
            throw invalid(text);
        }
        double amount;
        try {
            amount = Double.parseDouble(t.substring(0, unitStart));
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        long nanosPerUnit = nanosPer(t.substring(unitStart), text);
        double nanos = amount * nanosPerUnit;
        if (nanos > Long.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        return Duration.ofNanos((long) nanos);
    }

    private static long nanosPer(String unit, String text) {
        switch (unit) {
            case "ns": return 1L;
            case "us": return 1_000L;
            case "ms": return 1_000_000L;
            case "s": return 1_000_000_000L;
            case "m": return 60_000_000_000L;
            case "h": return 3_600_000_000_000L;
            default: throw invalid(text);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration: use " + ACCEPTED);
    }

    /** Short human form: {@code 812 ns}, {@code 3.2 us}, {@code 50.1 ms}, {@code 5.00 s}. */
    public static String format(long nanos) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
