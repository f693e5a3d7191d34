package dev.hotscope.bpf.locks;

/**
 * What the lock program counted about itself.
 *
 * @param futexSent futex wait records put in the ring buffer
 * @param monitorSent monitor enter records put in the ring buffer
 * @param dropped records lost because the ring buffer was full
 * @param waitsFull futex waits not tracked because the wait table was full
 * @param monitorsFull contended monitor enters not tracked because their table was full
 * @param consumerErrors records the Java consumers threw on
 */
public record LockCounters(long futexSent, long monitorSent, long dropped, long waitsFull, long monitorsFull,
                           long consumerErrors) {
    /** Whether anything at all was lost. */
    public boolean anyLost() {
        return dropped + waitsFull + monitorsFull + consumerErrors > 0;
    }
}
