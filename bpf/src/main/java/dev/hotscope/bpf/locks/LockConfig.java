package dev.hotscope.bpf.locks;

import dev.hotscope.bpf.EventBudget;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link LockTracer} records.
 *
 * @param minWait futex waits and contended monitor enters at least this long are reported; not
 *     null or negative (zero reports every one, which costs a 16 KiB stack copy per futex wait)
 * @param monitorProbes whether to attach HotSpot's {@code monitor__contended__enter/entered} probes
 *     (they fire only in JVMs started with {@code -XX:+DTraceMonitorProbes})
 * @param budget the most wait records sent per second; the others are counted as
 *     {@link LockCounters#throttled()} (every wait is in the histograms either way); not null
 */
public record LockConfig(Duration minWait, boolean monitorProbes, EventBudget budget) {
    private static final LockConfig DEFAULTS = new LockConfig(Duration.ofMillis(1), true, EventBudget.unlimited());

    /**
     * Checks the values.
     *
     * @throws NullPointerException if minWait or budget is null
     * @throws IllegalArgumentException if minWait is negative
     */
    public LockConfig {
        Objects.requireNonNull(minWait, "minWait");
        Objects.requireNonNull(budget, "budget");
        if (minWait.isNegative()) {
            throw new IllegalArgumentException("minWait must not be negative: " + minWait);
        }
    }

    /**
     * A config without an event budget.
     *
     * @throws NullPointerException if minWait is null
     * @throws IllegalArgumentException if minWait is negative
     */
    public LockConfig(Duration minWait, boolean monitorProbes) {
        this(minWait, monitorProbes, EventBudget.unlimited());
    }

    /** Waits of 1 ms and more, monitor probes on, no event budget. */
    public static LockConfig defaults() {
        return DEFAULTS;
    }

    /**
     * This config with another threshold.
     *
     * @param wait the new minimum; not null or negative
     * @return a new config
     * @throws NullPointerException if wait is null
     * @throws IllegalArgumentException if wait is negative
     */
    public LockConfig withMinWait(Duration wait) {
        return new LockConfig(wait, monitorProbes, budget);
    }

    /**
     * This config with monitor probes on or off.
     *
     * @param attach whether to attach them
     * @return a new config
     */
    public LockConfig withMonitorProbes(boolean attach) {
        return new LockConfig(minWait, attach, budget);
    }

    /**
     * This config with another event budget.
     *
     * @param events the most records sent per second; not null
     * @return a new config
     * @throws NullPointerException if events is null
     */
    public LockConfig withBudget(EventBudget events) {
        return new LockConfig(minWait, monitorProbes, events);
    }
}
