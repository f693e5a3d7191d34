package dev.hotscope.bpf.locks;

import java.util.Objects;

/**
 * One contended enter of a Java monitor ({@code synchronized}) that took at least the tracer's
 * threshold, from HotSpot's {@code monitor__contended__enter} to {@code monitor__contended__entered}
 * probes (the futex waits inside it are reported separately, with the stack).
 *
 * @param tid the entering thread's OS thread id
 * @param javaThreadId its {@code Thread.getId()}
 * @param monitorAddress the address of HotSpot's ObjectMonitor for the object
 * @param className the locked object's class, dotted ({@code java.lang.Object}); arrays in JVM form
 *     ({@code [I}); truncated to 128 bytes; empty if it could not be read
 * @param startNanos when the thread found the monitor taken, CLOCK_MONOTONIC
 * @param durationNanos until it owned the monitor
 */
public record MonitorWaitEvent(int tid, long javaThreadId, long monitorAddress, String className,
                               long startNanos, long durationNanos) {
    /**
     * Creates an event.
     *
     * @throws NullPointerException if className is null
     */
    public MonitorWaitEvent {
        Objects.requireNonNull(className, "className");
    }
}
