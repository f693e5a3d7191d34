package dev.hotscope.bpf.sched;

/**
 * What the scheduler program counted about itself.
 *
 * @param offCpuSent off-CPU records put in the ring buffer
 * @param runQueueSent run-queue records put in the ring buffer
 * @param offCpuDropped off-CPU records lost because the ring buffer was full
 * @param runQueueDropped run-queue records lost because the ring buffer was full
 * @param threadsFull switches not tracked because the thread table was full
 * @param offCpuThrottled off-CPU intervals not sent because they came over the event budget (in the totals
 *     and histograms)
 * @param runQueueThrottled run-queue waits not sent because they came over the event budget (in the histograms)
 * @param consumerErrors records the Java consumers could not handle (they threw)
 */
public record SchedCounters(long offCpuSent, long runQueueSent, long offCpuDropped, long runQueueDropped,
                            long threadsFull, long offCpuThrottled, long runQueueThrottled, long consumerErrors) {
    /** Whether anything at all was lost; throttled intervals are not lost: the histograms hold them. */
    public boolean anyLost() {
        return offCpuDropped + runQueueDropped + threadsFull + consumerErrors > 0;
    }
}
