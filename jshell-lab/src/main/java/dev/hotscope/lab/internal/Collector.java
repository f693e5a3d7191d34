package dev.hotscope.lab.internal;

import dev.hotscope.bpf.TargetGoneException;
import dev.hotscope.lab.Event;
import dev.hotscope.lab.Events;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Runs one feed until a count, a time limit or Ctrl-C, keeping the events its source's filters accept.
 * Whatever ends the run, the feed is closed and what was kept is returned with the count of what was lost.
 */
public final class Collector {
    /** Events kept in memory at most; more are counted as lost rather than risking the lab's heap. */
    public static final int MAX_EVENTS = 1_000_000;
    private static final long POLL_MILLIS = 100;

    private final Feed feed;
    private final FeedRequest request;
    private final BiPredicate<Event, List<String>> keep;
    private final List<String> namedArgs;
    private final String title;
    private final List<Event> kept = new ArrayList<>();
    private List<String> argNames = List.of();
    private long overflow;
    private long filterErrors;
    private RuntimeException firstFilterError;

    /**
     * Prepares a run.
     *
     * @param keep the source's filters, given the feed's argument names
     * @param namedArgs argument names the filters use, checked when the feed starts
     * @param title the source's description, for results and messages
     */
    public Collector(Feed feed, FeedRequest request, BiPredicate<Event, List<String>> keep, List<String> namedArgs,
            String title) {
        this.feed = feed;
        this.request = request;
        this.keep = keep;
        this.namedArgs = List.copyOf(namedArgs);
        this.title = title;
    }

    /**
     * Traces until {@code max} events were kept, {@code limit} passed (null: no limit) or Ctrl-C.
     *
     * @param live shown every refresh, or null
     * @return the kept events
     */
    public Events run(int max, Duration limit, LiveView<?> live) {
        String ended = null;
        long lost;
        String errors;
        try (Cancellation.Scope scope = Cancellation.enter(); Feed.Running running = feed.start(request, this::offer)) {
            // The clock starts once tracing runs: loading and attaching are not taken out of the user's time.
            long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
            argNames = running.argNames();
            checkNamedArgs();
            running.problems().forEach(p -> System.out.println("hotscope: " + p));
            if (live != null) {
                live.start();
            }
            while (kept.size() < max && !scope.cancelled()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    running.poll(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
                } catch (TargetGoneException e) {
                    ended = "the target exited: " + LabErrors.oneLine(e);
                    break;
                }
                if (targetGone()) {
                    ended = "the target (pid " + request.pid().getAsLong() + ") exited";
                    break;
                }
                if (live != null && live.due()) {
                    live.show(events(running.lost()));
                }
            }
            if (scope.cancelled()) {
                ended = "stopped by Ctrl-C";
            }
            drain(running);
            lost = running.lost();
            errors = running.errors();
        }
        Events result = events(lost);
        if (live != null) {
            live.show(result);
        }
        report(ended);
        if (errors != null) {
            System.out.println("hotscope: " + errors);
        }
        return result;
    }

    /** What the kernel delivered before the end but was not yet read is kept too. */
    private static void drain(Feed.Running running) {
        boolean interrupted = Thread.interrupted(); // a pending Ctrl-C must not cut the last read short
        try {
            running.poll(0);
        } catch (TargetGoneException e) {
            // nothing more to read
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean targetGone() {
        return request.pid().isPresent()
            && !ProcessHandle.of(request.pid().getAsLong()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Starts the feed only to learn its argument names. */
    public List<String> argNames() {
        try (Feed.Running running = feed.start(request, e -> { })) {
            return running.argNames();
        }
    }

    private void offer(Event e) {
        boolean keepIt;
        try {
            keepIt = keep.test(e, argNames);
        } catch (RuntimeException failure) {
            // A user's predicate threw: count it and say so at the end, never throw into the ring buffer.
            if (filterErrors++ == 0) {
                firstFilterError = failure;
            }
            return;
        }
        if (!keepIt) {
            return;
        }
        if (kept.size() >= MAX_EVENTS) {
            overflow++;
        } else {
            kept.add(e);
        }
    }

    private void checkNamedArgs() {
        for (String name : namedArgs) {
            if (!argNames.contains(name)) {
                throw new IllegalArgumentException(feed.name() + " has no argument \"" + name + "\"; its arguments are "
                    + (argNames.isEmpty() ? "none" : String.join(", ", argNames)));
            }
        }
    }

    private Events events(long kernelLost) {
        return new Events(title, kept, kernelLost + overflow);
    }

    private void report(String ended) {
        if (ended != null) {
            System.out.println("hotscope: " + ended + "; kept " + kept.size() + " events");
        }
        if (overflow > 0) {
            System.out.println("hotscope: kept the first " + MAX_EVENTS + " events; " + overflow
                + " more were counted as lost: narrow the source (minDuration, thread, where) or take less time");
        }
        if (filterErrors > 0) {
            System.out.println("hotscope: a filter threw on " + filterErrors + " events, which were dropped: "
                + firstFilterError);
        }
    }
}
