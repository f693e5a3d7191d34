package dev.hotscope.javaagent.internal.session;

/**
 * Converts BPF timestamps ({@code bpf_ktime_get_ns}, CLOCK_MONOTONIC, the clock of
 * {@link System#nanoTime()} on Linux) into wall-clock milliseconds for JFR timestamps.
 */
final class Clock {
    private final long epochNanosAtStart;
    private final long monotonicAtStart;

    Clock() {
        long before = System.nanoTime();
        long wall = System.currentTimeMillis();
        long after = System.nanoTime();
        this.monotonicAtStart = before + (after - before) / 2;
        this.epochNanosAtStart = wall * 1_000_000L;
    }

    long epochMillis(long monotonicNanos) {
        return epochNanos(monotonicNanos) / 1_000_000L;
    }

    long epochNanos(long monotonicNanos) {
        return epochNanosAtStart + (monotonicNanos - monotonicAtStart);
    }
}
