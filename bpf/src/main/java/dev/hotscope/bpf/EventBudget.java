package dev.hotscope.bpf;

/**
 * How many records per second a tracer's program may send through its ring buffer: beyond that it
 * sends none until the next window and counts each one it holds back as throttled, while its
 * in-kernel histograms and totals still count every event ({@code budget.h}). The kernel counts in
 * windows of {@link #WINDOW_NANOS} (about 134 ms), shared by all CPUs, so a window's quota is the
 * rate times the window, at least one; a window may overshoot by two records per CPU when CPUs race.
 *
 * @param perSecond the rate; 0 means unlimited
 */
public record EventBudget(long perSecond) {
    /** The kernel's window: 2^27 ns, {@code HS_BUDGET_WINDOW_SHIFT} in budget.h. */
    public static final long WINDOW_NANOS = 1L << 27;
    private static final EventBudget UNLIMITED = new EventBudget(0);

    /**
     * Checks the rate.
     *
     * @throws IllegalArgumentException if negative
     */
    public EventBudget {
        if (perSecond < 0) {
            throw new IllegalArgumentException("an event budget is 0 (unlimited) or more events per second: " + perSecond);
        }
    }

    /** No limit: every record is sent (until the ring buffer is full). */
    public static EventBudget unlimited() {
        return UNLIMITED;
    }

    /**
     * A limit of this many records per second.
     *
     * @param events 1 or more
     * @return the budget
     * @throws IllegalArgumentException if less than 1
     */
    public static EventBudget perSecond(long events) {
        if (events < 1) {
            throw new IllegalArgumentException("an event budget needs at least 1 event per second: " + events
                + "; use EventBudget.unlimited() for no limit");
        }
        return new EventBudget(events);
    }

    /** Whether there is no limit. */
    public boolean isUnlimited() {
        return perSecond == 0;
    }

    /** The quota the kernel checks: records per window, at least 1; 0 when unlimited. */
    public long perWindow() {
        if (perSecond == 0) {
            return 0;
        }
        // rate * 2^27 / 1e9 without overflow for any rate a long holds
        double quota = perSecond * (double) WINDOW_NANOS / 1_000_000_000d;
        return Math.max(1, Math.round(Math.min(quota, (double) Long.MAX_VALUE)));
    }

    /** The rate the kernel really allows, after rounding to whole records per window. */
    public double effectivePerSecond() {
        return perSecond == 0 ? Double.POSITIVE_INFINITY : perWindow() * 1_000_000_000d / WINDOW_NANOS;
    }

    @Override
    public String toString() {
        return perSecond == 0 ? "unlimited" : perSecond + "/s";
    }
}
