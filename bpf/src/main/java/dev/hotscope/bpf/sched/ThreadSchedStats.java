package dev.hotscope.bpf.sched;

import java.util.Objects;

/**
 * What one thread of the target did since tracing began (or since it was first seen), as the
 * kernel totals it. A thread's totals vanish when it exits.
 *
 * @param tid the thread's OS id
 * @param onCpuNanos time running
 * @param preemptedNanos time off CPU while runnable (preempted or yielded)
 * @param sleepingNanos time off CPU in interruptible waits
 * @param blockedNanos time off CPU in uninterruptible waits
 * @param runQueueNanos time runnable and waiting for a CPU, after wakeups and preemptions
 * @param preemptions switch-outs while runnable
 * @param sleeps switch-outs into an interruptible wait
 * @param blocks switch-outs into an uninterruptible wait
 */
public record ThreadSchedStats(long tid, long onCpuNanos, long preemptedNanos, long sleepingNanos, long blockedNanos,
                               long runQueueNanos, long preemptions, long sleeps, long blocks) {

    /**
     * Off-CPU time for one reason.
     *
     * @param reason not null
     * @return nanoseconds
     */
    public long offCpuNanos(OffCpuReason reason) {
        switch (Objects.requireNonNull(reason, "reason")) {
            case PREEMPTED:
                return preemptedNanos;
            case SLEEPING:
                return sleepingNanos;
            default:
                return blockedNanos;
        }
    }

    /**
     * Switch-outs for one reason.
     *
     * @param reason not null
     * @return the count
     */
    public long switches(OffCpuReason reason) {
        switch (Objects.requireNonNull(reason, "reason")) {
            case PREEMPTED:
                return preemptions;
            case SLEEPING:
                return sleeps;
            default:
                return blocks;
        }
    }

    /** All time off CPU. */
    public long offCpuNanos() {
        return preemptedNanos + sleepingNanos + blockedNanos;
    }
}
