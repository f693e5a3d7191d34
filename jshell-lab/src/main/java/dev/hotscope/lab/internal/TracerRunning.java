package dev.hotscope.lab.internal;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/** A started bpf tracer seen as a {@link Feed.Running}. */
final class TracerRunning implements Feed.Running {
    /** A tracer's poll method. */
    interface Poll {
        int poll(Duration timeout);
    }

    private final Poll poll;
    private final LongSupplier lost;
    private final List<String> argNames;
    private final List<String> problems;
    private final Runnable close;
    private final ConversionErrors errors;
    private boolean closed;
    private long lastLost;

    TracerRunning(Poll poll, LongSupplier lost, List<String> argNames, List<String> problems, Runnable close,
            ConversionErrors errors) {
        this.errors = errors;
        this.poll = poll;
        this.lost = lost;
        this.argNames = List.copyOf(argNames);
        this.problems = List.copyOf(problems);
        this.close = close;
    }

    @Override
    public void poll(long millis) {
        poll.poll(Duration.ofMillis(millis));
    }

    @Override
    public long lost() {
        if (!closed) {
            lastLost = lost.getAsLong();
        }
        return lastLost;
    }

    @Override
    public List<String> argNames() {
        return argNames;
    }

    @Override
    public List<String> problems() {
        return problems;
    }

    @Override
    public String errors() {
        return errors.summary();
    }

    @Override
    public void close() {
        if (!closed) {
            lost(); // the counters live in the kernel map that close frees
            closed = true;
            close.run();
        }
    }
}
