package dev.hotscope.lab.internal;

import dev.hotscope.lab.Event;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/** What stands behind one lab source: how to start tracing and turn what the kernel saw into {@link Event}s. */
public interface Feed {
    /** Returns the source's name as the user wrote it, e.g. {@code tracepoint("sched:sched_switch")}. */
    String name();

    /**
     * Checks what can be checked before tracing (that a probe's names exist), so a mistake is refused as
     * soon as the source is written.
     *
     * @param pid the target, or empty
     * @throws RuntimeException a one-line refusal, as {@link #start}
     */
    default void check(OptionalLong pid) {}

    /**
     * Starts tracing.
     *
     * @param request the target and what the kernel should filter; not null
     * @param sink receives events on the thread that calls {@link Running#poll}; not null
     * @return the running tracer; close it
     * @throws RuntimeException a one-line refusal (IllegalArgumentException, IllegalStateException,
     *     dev.hotscope.bpf.BpfException) when tracing cannot start
     */
    Running start(FeedRequest request, Consumer<Event> sink);

    /** A started feed. */
    interface Running extends AutoCloseable {
        /** Delivers what arrived, waiting up to {@code millis} for the first event. */
        void poll(long millis);

        /** Returns how many events the kernel could not deliver (ring buffer full and the like). */
        long lost();

        /** Returns the names of the events' arguments, in order; empty when they have none. */
        List<String> argNames();

        /** Returns lines about parts that could not be traced, or empty. */
        List<String> problems();

        /** Returns one line about events that could not be converted, or null when all were. */
        String errors();

        /** Detaches and frees everything; idempotent. */
        @Override
        void close();
    }
}
