package dev.hotscope.bpf.jvm;

/**
 * What the GC program counted about itself.
 *
 * @param sent pause and safepoint records put in the ring buffer
 * @param dropped records lost because the ring buffer was full
 * @param threadsFull scheduler events of GC threads not counted because the thread table was full
 * @param unmatched ends seen without their begin (tracing began inside a pause or safepoint)
 * @param namesUnreadable VM operations whose name could not be read
 * @param switchesUnseen times a GC thread was found running (or switched out) with no record of the
 *     switch that put it there; its time until then is not counted
 * @param consumerErrors records the Java consumers threw on
 */
public record GcCounters(long sent, long dropped, long threadsFull, long unmatched, long namesUnreadable,
                         long switchesUnseen, long consumerErrors) {

    /** Whether a record, or part of one, was lost. */
    public boolean anyLost() {
        return dropped + threadsFull + consumerErrors > 0;
    }
}
