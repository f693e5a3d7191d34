package dev.hotscope.lab.internal;

import dev.hotscope.lab.Event;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * What a source asks of its feed.
 *
 * @param pid the traced process, or empty for every process (generic probes only)
 * @param minDurationNanos the shortest event to deliver; 0 for all
 * @param stacks whether events carry the thread's stack
 * @param early the source's filters that need no stack (thread name, duration), tested on an event before
 *     its stack is symbolized, so a stack is made only for events that are kept
 */
public record FeedRequest(OptionalLong pid, long minDurationNanos, boolean stacks, Predicate<Event> early) {
    /** Returns the pid, failing with a one-line message when the source needs one and none was chosen. */
    public long requirePid(String source) {
        if (pid.isEmpty()) {
            throw new IllegalStateException(source + " traces one process: choose it first with attach(pid) or self()");
        }
        return pid.getAsLong();
    }
}
