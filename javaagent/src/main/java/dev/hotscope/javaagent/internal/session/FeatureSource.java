package dev.hotscope.javaagent.internal.session;

import dev.hotscope.javaagent.internal.Durations;
import java.time.Duration;
import java.util.List;

/**
 * One running feature: a BPF tracer and the code that turns its records into JFR events. Driven
 * by the agent's single thread; {@link #close()} may also come from a detach or shutdown thread.
 */
interface FeatureSource extends AutoCloseable {
    /** The option name, e.g. {@code syscall}. */
    String name();

    /** What the status line shows: the name and its threshold, e.g. {@code syscall>=20.0ms}. */
    default String describe(Duration min) {
        return name() + (min.isZero() ? "" : ">=" + Durations.format(min.toNanos()).replace(" ", ""));
    }

    /** Drains what the kernel sent, committing events; never blocks longer than {@code timeout}. */
    void poll(Duration timeout);

    /** Waits in progress right now, for in-process stack capture. */
    List<Waiting> waiting();

    /** Commits periodic events: histograms, lost records since the last report. */
    void report();

    /** Stops the tracer; idempotent. */
    @Override
    void close();

    /** A thread waiting since a BPF timestamp. */
    record Waiting(long tid, long sinceNanos) {}
}
