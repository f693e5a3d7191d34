package dev.hotscope.bpf.probe;

/**
 * What the probe program counted about itself, summed over CPUs.
 *
 * @param hits starts (or point events) in the traced process and threads, filtered ones included
 * @param emitted records put in the ring buffer
 * @param dropped records lost because the ring buffer was full
 * @param filtered hits removed in the kernel by an argument filter or the minimum duration
 * @param unpaired starts never paired: replaced by the thread's next start before their end came
 *     (a missed return, nesting) or not stored because the start table was full
 */
public record ProbeCounters(long hits, long emitted, long dropped, long filtered, long unpaired) {}
