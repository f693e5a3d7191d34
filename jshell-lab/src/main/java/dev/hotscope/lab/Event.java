package dev.hotscope.lab;

import java.util.List;
import java.util.Objects;

/**
 * One thing that happened in the target: a slow syscall, a GC pause, a lock wait, a probe firing.
 *
 * @param source the lab source that saw it, e.g. {@code syscalls} or {@code usdt hotspot:gc__begin}; not null
 * @param name what happened, e.g. the syscall's name, the off-CPU reason or the probe's name; not null
 * @param startNanos when it began, CLOCK_MONOTONIC nanoseconds ({@link System#nanoTime()} and BPF's clock)
 * @param durationNanos how long it lasted; 0 for an instant
 * @param tid the kernel's id of the thread it is about
 * @param thread that thread's name (the Java name where known, else its comm); not null
 * @param args the probe's arguments or fields, in the source's order; empty when it has none; not null
 * @param stack the thread's frames, innermost first, as text ({@code [k] } marks kernel frames);
 *     empty when stacks were not asked for; not null
 * @param detail the bpf module's own record of the event ({@code SyscallEvent}, {@code ProbeHit}, ...),
 *     or null
 */
public record Event(String source, String name, long startNanos, long durationNanos, long tid, String thread,
        long[] args, List<String> stack, Object detail) {
    /**
     * Checks and copies the arguments.
     *
     * @throws NullPointerException if source, name, thread, args or stack is null
     */
    public Event {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(thread, "thread");
        args = args.clone();
        stack = List.copyOf(stack);
    }

    /** Returns the arguments; a copy. */
    @Override
    public long[] args() {
        return args.clone();
    }

    /**
     * Returns one argument.
     *
     * @param index from 0
     * @throws IllegalArgumentException if the event has no such argument
     */
    public long arg(int index) {
        if (index < 0 || index >= args.length) {
            throw new IllegalArgumentException("no argument " + index + " in " + source + " " + name
                + ": it has " + args.length + (args.length == 1 ? " argument" : " arguments")
                + (args.length == 0 ? "" : ", 0.." + (args.length - 1)));
        }
        return args[index];
    }

    /** Returns the number of arguments. */
    public int argCount() {
        return args.length;
    }

    /** Returns the duration in whole microseconds. */
    public long durationMicros() {
        return durationNanos / 1_000;
    }

    /** Returns the duration in whole milliseconds. */
    public long durationMillis() {
        return durationNanos / 1_000_000;
    }

    /**
     * Returns this event with another stack.
     *
     * @param frames innermost first; not null
     */
    public Event withStack(List<String> frames) {
        return new Event(source, name, startNanos, durationNanos, tid, thread, args, frames, detail);
    }

    /** Returns the innermost frame, or the empty string without a stack. */
    public String topFrame() {
        return stack.isEmpty() ? "" : stack.get(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e && startNanos == e.startNanos && durationNanos == e.durationNanos && tid == e.tid
            && source.equals(e.source) && name.equals(e.name) && thread.equals(e.thread)
            && java.util.Arrays.equals(args, e.args) && stack.equals(e.stack) && Objects.equals(detail, e.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, name, startNanos, durationNanos, tid, thread, java.util.Arrays.hashCode(args), stack);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(source).append(' ').append(name).append(" on ").append(thread)
            .append(" (").append(tid).append(')');
        if (durationNanos > 0) {
            b.append(String.format(" %.3f ms", durationNanos / 1e6));
        }
        if (args.length > 0) {
            b.append(' ').append(java.util.Arrays.toString(args));
        }
        if (!stack.isEmpty()) {
            b.append(" at ").append(stack.get(0));
        }
        return b.toString();
    }
}
