package dev.hotscope.bpf.sched;

import java.util.Objects;

/**
 * A thread of the target that is off CPU at the moment it was read: a wait still going on.
 *
 * @param tid the thread's OS id
 * @param reason why it switched out; not null
 * @param sinceNanos when it switched out, CLOCK_MONOTONIC; for a thread that has been off CPU
 *     since before tracing began, when tracing began
 * @param elapsedNanos how long it had been off CPU when read (at least this long, if before tracing)
 * @param beganBeforeTracing true when the program never saw it switch out and it was found waiting
 *     in {@code /proc/PID/task/TID/stat} instead
 */
public record OffCpuThread(long tid, OffCpuReason reason, long sinceNanos, long elapsedNanos, boolean beganBeforeTracing) {
    /**
     * @throws NullPointerException if reason is null
     */
    public OffCpuThread {
        Objects.requireNonNull(reason, "reason");
    }
}
