package dev.hotscope.bpf.syscalls;

/**
 * What the syscall program counted about itself.
 *
 * @param sent slow-call records put in the ring buffer
 * @param dropped slow-call records lost because the ring buffer was full
 * @param inflightFull calls not tracked because the in-flight table was full
 * @param histogramsFull calls not counted because the histogram table was full
 * @param throttled slow calls not sent because they came over the event budget (counted in the histograms)
 * @param consumerErrors records the Java consumer could not handle
 */
public record SyscallCounters(long sent, long dropped, long inflightFull, long histogramsFull, long throttled,
                              long consumerErrors) {
    /** Whether anything at all was lost; throttled calls are not lost: the histograms hold them. */
    public boolean anyLost() {
        return dropped + inflightFull + histogramsFull + consumerErrors > 0;
    }
}
