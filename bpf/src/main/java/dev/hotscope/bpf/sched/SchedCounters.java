package dev.hotscope.bpf.sched;

/**
 * What the scheduler program counted about itself.
 *
 * @param offCpuSent off-CPU records put in the ring buffer
 * @param runQueueSent run-queue records put in the ring buffer
 * @param offCpuDropped off-CPU records lost because the ring buffer was full
 * @param runQueueDropped run-queue records lost because the ring buffer was full
 * @param threadsFull switches not tracked because the thread table was full
 * @param consumerErrors records the Java consumers could not handle (they threw)
 */
public record SchedCounters(long offCpuSent, long runQueueSent, long offCpuDropped, long runQueueDropped,
                            long threadsFull, long consumerErrors) {
    /** Whether anything at all was lost. */
    public boolean anyLost() {
        return offCpuDropped + runQueueDropped + threadsFull + consumerErrors > 0;
    }
}
