package dev.hotscope.jfr.report;

import java.util.Locale;

/** Durations for people: three significant digits and the unit that suits them. */
final class Nanos {
    private Nanos() {}

    static String format(long nanos) {
        if (nanos < 0) {
            return "-" + format(-nanos);
        }
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return digits(nanos / 1e3) + " us";
        }
        if (nanos < 1_000_000_000) {
            return digits(nanos / 1e6) + " ms";
        }
        return digits(nanos / 1e9) + " s";
    }

    /** Microseconds, as the in-kernel histograms count them. */
    static String micros(long micros) {
        return micros >= Long.MAX_VALUE / 1000 ? micros + " us" : format(micros * 1000);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String digits(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
    }
}
