package dev.hotscope.lab.internal;

import java.util.OptionalLong;

/**
 * What a source asks of its feed.
 *
 * @param pid the traced process, or empty for every process (generic probes only)
 * @param minDurationNanos the shortest event to deliver; 0 for all
 * @param stacks whether events carry the thread's stack
 */
public record FeedRequest(OptionalLong pid, long minDurationNanos, boolean stacks) {
    /** Returns the pid, failing with a one-line message when the source needs one and none was chosen. */
    public long requirePid(String source) {
        if (pid.isEmpty()) {
            throw new IllegalStateException(source + " traces one process: choose it first with attach(pid) or self()");
        }
        return pid.getAsLong();
    }
}
