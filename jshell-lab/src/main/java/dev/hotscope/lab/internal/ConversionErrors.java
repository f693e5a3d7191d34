package dev.hotscope.lab.internal;

import java.util.function.Consumer;

/**
 * Counts events a feed could not turn into lab events, keeping the first failure to report: the callback
 * runs under the ring buffer's poll, where an exception must not escape.
 */
final class ConversionErrors {
    private long count;
    private RuntimeException first;

    /** Returns {@code action} guarded: a failure is counted instead of thrown. */
    <T> Consumer<T> guard(Consumer<T> action) {
        return value -> {
            try {
                action.accept(value);
            } catch (RuntimeException e) {
                if (count++ == 0) {
                    first = e;
                }
            }
        };
    }

    /** Returns one line about the failures, or null when there were none. */
    String summary() {
        return count == 0 ? null : count + " events could not be converted and were dropped; the first failed with " + first;
    }
}
