package dev.hotscope.jfr.writer;

import java.util.List;
import java.util.Objects;
import jdk.jfr.Event;

/**
 * An event to write with its real start, duration, thread and stack, which the in-process commit could
 * not record. The event object supplies every other field.
 *
 * @param event the event, committed or not; its fields are read when it is written; not null
 * @param startNanoTime when the measured interval began, on {@link System#nanoTime()}'s clock
 *     (CLOCK_MONOTONIC, which is also BPF's {@code bpf_ktime_get_ns})
 * @param durationNanos how long it lasted, 0 for an instant
 * @param thread the thread the event is about, or null for none
 * @param frames its stack, innermost frame first; empty for none; not null
 */
public record AttributedEvent(Event event, long startNanoTime, long durationNanos, ThreadIdentity thread,
        List<StackFrame> frames) {
    /**
     * Checks the arguments and copies the frames.
     *
     * @throws NullPointerException if event or frames is null
     */
    public AttributedEvent {
        Objects.requireNonNull(event, "event");
        frames = List.copyOf(frames);
    }
}
