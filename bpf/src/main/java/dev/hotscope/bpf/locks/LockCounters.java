package dev.hotscope.bpf.locks;

/**
 * What the lock program counted about itself.
 *
 * @param futexSent futex wait records put in the ring buffer
 * @param monitorSent monitor enter records put in the ring buffer
 * @param dropped records lost because the ring buffer was full
 * @param waitsFull futex waits not tracked because the wait table was full
 * @param monitorsFull contended monitor enters not tracked because their table was full
 * @param throttled waits not sent because they came over the event budget (counted in the histograms)
 * @param histogramsFull waits not counted in a histogram because the histogram table was full
 * @param consumerErrors records the Java consumers threw on
 */
public record LockCounters(long futexSent, long monitorSent, long dropped, long waitsFull, long monitorsFull,
                           long throttled, long histogramsFull, long consumerErrors) {
    /** Whether anything at all was lost; throttled waits are not lost: the histograms hold them. */
    public boolean anyLost() {
        return dropped + waitsFull + monitorsFull + histogramsFull + consumerErrors > 0;
    }
}
