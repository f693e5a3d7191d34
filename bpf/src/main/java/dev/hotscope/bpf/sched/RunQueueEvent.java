package dev.hotscope.bpf.sched;

import java.util.Objects;

/**
 * One wait for a CPU, at least the tracer's run-queue threshold long: from the moment a thread was
 * woken (or preempted, still runnable) until it ran again.
 *
 * @param tid the thread's OS id
 * @param startNanos when it became runnable, CLOCK_MONOTONIC (comparable with {@link System#nanoTime()})
 * @param durationNanos until it ran
 * @param cause what made it wait; not null
 * @param cpu the CPU it ran on
 */
public record RunQueueEvent(long tid, long startNanos, long durationNanos, RunQueueCause cause, int cpu) {
    /**
     * @throws NullPointerException if cause is null
     */
    public RunQueueEvent {
        Objects.requireNonNull(cause, "cause");
    }
}
