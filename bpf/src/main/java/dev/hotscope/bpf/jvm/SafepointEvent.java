package dev.hotscope.bpf.jvm;

import java.util.Objects;

/**
 * One safepoint of the traced JVM: from {@code SafepointSynchronize::begin()} (requested) to the
 * return of {@code SafepointSynchronize::end()} (threads released).
 *
 * @param startNanos when it was requested, CLOCK_MONOTONIC (comparable with {@link System#nanoTime()})
 * @param durationNanos until the threads were released
 * @param timeToSafepointNanos until every Java thread had stopped (begin() returned), or -1 if not seen
 * @param operation the first VM operation run inside it, e.g. {@code G1CollectForAllocation}; empty if
 *     unknown, never null
 * @param operations how many VM operations ran inside it
 */
public record SafepointEvent(long startNanos, long durationNanos, long timeToSafepointNanos, String operation,
                             int operations) {

    /** Checks that the operation is not null. */
    public SafepointEvent {
        Objects.requireNonNull(operation, "operation");
    }

    /** When the threads were released, on the {@link System#nanoTime()} clock. */
    public long endNanos() {
        return startNanos + durationNanos;
    }
}
