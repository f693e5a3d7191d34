package dev.hotscope.lab;

import dev.hotscope.lab.internal.Feed;
import dev.hotscope.lab.internal.FeedRequest;
import dev.hotscope.lab.internal.LiveView;
import dev.hotscope.lab.internal.Collector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What to trace and which events to keep: a feed (syscalls, a probe, ...), narrowed by filters. Sources
 * are immutable: each filter returns a new one, so one can be kept and refined. Nothing is traced until
 * {@link #take}, {@link #hist}, {@link #count} or {@link #watch} runs it; each of those stops early,
 * keeping what it saw, on Ctrl-C.
 */
public final class Source {
    private final Feed feed;
    private final OptionalLong pid;
    private final Pattern thread;
    private final long minDurationNanos;
    private final List<Predicate<Event>> filters;
    private final List<String> filterText;
    private final boolean stacks;

    Source(Feed feed, OptionalLong pid) {
        this(feed, pid, null, 0, List.of(), List.of(), false);
    }

    private Source(Feed feed, OptionalLong pid, Pattern thread, long minDurationNanos, List<Predicate<Event>> filters,
            List<String> filterText, boolean stacks) {
        this.feed = feed;
        this.pid = pid;
        this.thread = thread;
        this.minDurationNanos = minDurationNanos;
        this.filters = List.copyOf(filters);
        this.filterText = List.copyOf(filterText);
        this.stacks = stacks;
    }

    /**
     * Keeps events of threads whose name matches, e.g. {@code "order-worker-.*"} (Java names where the JVM
     * knows them, else the kernel's comm).
     *
     * @param regex a java.util.regex pattern matched against the whole name; not null
     * @throws IllegalArgumentException if the pattern does not compile
     */
    public Source thread(String regex) {
        Objects.requireNonNull(regex, "regex: give a thread name pattern such as \"worker-.*\"");
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("thread(\"" + regex + "\") is not a regular expression: "
                + e.getDescription() + "; e.g. \"worker-.*\" or \"main\"");
        }
        return new Source(feed, pid, p, minDurationNanos, filters, with(filterText, "thread ~ " + regex), stacks);
    }

    /**
     * Keeps events that lasted at least {@code min}; the kernel drops shorter ones where it can.
     *
     * @param min not null, not negative
     * @throws IllegalArgumentException if min is negative
     */
    public Source minDuration(Duration min) {
        Objects.requireNonNull(min, "min: give a Duration such as ms(5)");
        if (min.isNegative()) {
            throw new IllegalArgumentException("minDuration must not be negative: " + min);
        }
        return new Source(feed, pid, thread, min.toNanos(), filters, filterText, stacks);
    }

    /**
     * Keeps events the predicate accepts, e.g. {@code e -> e.name().equals("fsync")}.
     *
     * @param predicate not null
     */
    public Source where(Predicate<Event> predicate) {
        Objects.requireNonNull(predicate, "predicate: give a lambda such as e -> e.name().equals(\"read\")");
        return new Source(feed, pid, thread, minDurationNanos, with(filters, predicate), with(filterText, "where(...)"), stacks);
    }

    /**
     * Keeps events whose argument {@code index} satisfies the test, e.g. {@code arg(2, n -> n > 4096)}.
     * Events with fewer arguments are dropped.
     *
     * @param index from 0, in the order {@link #argNames()} lists
     * @param test not null
     * @throws IllegalArgumentException if index is negative
     */
    public Source arg(int index, LongPredicate test) {
        Objects.requireNonNull(test, "test: give a lambda such as n -> n > 4096");
        if (index < 0) {
            throw new IllegalArgumentException("argument index must be 0 or more, not " + index);
        }
        Predicate<Event> p = e -> index < e.argCount() && test.test(e.arg(index));
        return new Source(feed, pid, thread, minDurationNanos, with(filters, p), with(filterText, "arg" + index + "(...)"), stacks);
    }

    /**
     * Keeps events whose argument named {@code name} satisfies the test: a tracepoint's field
     * ({@code field("count", n -> n > 4096)}) or {@code arg0}.. for probes.
     *
     * @param name one of {@link #argNames()}; not null
     * @param test not null
     * @throws IllegalArgumentException if the source has no such argument (checked when it starts)
     */
    public Source field(String name, LongPredicate test) {
        Objects.requireNonNull(name, "name: give a field name; argNames() lists them");
        Objects.requireNonNull(test, "test: give a lambda such as n -> n > 4096");
        NamedArgument p = new NamedArgument(name, test);
        return new Source(feed, pid, thread, minDurationNanos, with(filters, p), with(filterText, name + "(...)"), stacks);
    }

    /** Asks for each event's stack: Java frames (JIT-compiled by name, interpreted as {@code [interpreter]}), native and kernel. */
    public Source stacks() {
        return new Source(feed, pid, thread, minDurationNanos, filters, filterText, true);
    }

    /**
     * Traces for {@code duration}, or until Ctrl-C, and returns the events kept.
     *
     * @param duration how long; positive; not null
     * @return the events, in the order they ended
     * @throws IllegalArgumentException if duration is not positive
     * @throws IllegalStateException if there is no target, or it exited, in one line
     */
    public Events take(Duration duration) {
        return take(Integer.MAX_VALUE, duration);
    }

    /**
     * Traces until {@code n} events were kept, {@code max} passed, or Ctrl-C.
     *
     * @param n how many events at most; positive
     * @param max how long at most; positive; not null
     * @return the events
     */
    public Events take(int n, Duration max) {
        requirePositive(max);
        if (n <= 0) {
            throw new IllegalArgumentException("take(n, max) needs n > 0, not " + n);
        }
        return collector().run(n, max, null);
    }

    /**
     * Traces for {@code duration} and returns a log2 histogram of the events' durations in microseconds,
     * as bcc's *dist tools print it.
     *
     * @param duration how long; positive; not null
     */
    public Histogram hist(Duration duration) {
        return take(duration).log2();
    }

    /**
     * Traces for {@code duration} and counts the events by name (syscall, reason, probe), most first.
     *
     * @param duration how long; positive; not null
     */
    public Table count(Duration duration) {
        return take(duration).countBy(Event::name);
    }

    /**
     * Shows a table of counts by name, refreshed every {@code refresh}, until Ctrl-C; then returns to the
     * prompt with the last table.
     *
     * @param refresh how often to redraw; at least 100 ms; not null
     * @return the last table shown
     */
    public Table watch(Duration refresh) {
        return watch(refresh, events -> events.countBy(Event::name));
    }

    /**
     * Shows {@code view} of everything seen so far, refreshed every {@code refresh}, until Ctrl-C, e.g.
     * {@code syscalls().watch(s(1), Events::log2)}.
     *
     * @param refresh how often to redraw; at least 100 ms; not null
     * @param view what to show of the events; not null
     * @return the last view shown
     */
    public <T> T watch(Duration refresh, Function<Events, T> view) {
        return watch(refresh, view, null);
    }

    /**
     * {@link #watch(Duration, Function)} that also stops after {@code limit} (for notebooks and scripts).
     *
     * @param limit how long at most, or null for until Ctrl-C
     */
    public <T> T watch(Duration refresh, Function<Events, T> view, Duration limit) {
        requirePositive(refresh);
        Objects.requireNonNull(view, "view: give a function of Events such as Events::log2");
        if (refresh.toMillis() < 100) {
            throw new IllegalArgumentException("watch refreshes at most 10 times a second; give at least ms(100), not " + refresh);
        }
        if (limit != null) {
            requirePositive(limit);
        }
        LiveView<T> live = new LiveView<>(describe(), refresh, view);
        collector().run(Integer.MAX_VALUE, limit, live);
        return live.last();
    }

    /**
     * Returns the names of this source's arguments, for {@link #field} and {@link Event#arg}; for probes
     * this may start and stop the probe once to learn them.
     */
    public List<String> argNames() {
        return collector().argNames();
    }

    /** Returns a one-line description: the feed, its target and its filters. */
    public String describe() {
        StringBuilder b = new StringBuilder(feed.name());
        pid.ifPresent(p -> b.append(" of pid ").append(p));
        if (minDurationNanos > 0) {
            b.append(", >= ").append(dev.hotscope.lab.render.Format.human(minDurationNanos));
        }
        for (String f : filterText) {
            b.append(", ").append(f);
        }
        if (stacks) {
            b.append(", with stacks");
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return describe() + " — run it with .take(s(5)), .hist(s(5)), .count(s(5)) or .watch(s(1))";
    }

    private Collector collector() {
        List<String> named = filters.stream().filter(NamedArgument.class::isInstance)
            .map(f -> ((NamedArgument) f).name()).toList();
        return new Collector(feed, new FeedRequest(pid, minDurationNanos, stacks, this::keepsWithoutStack), this::keeps, named,
            describe());
    }

    /** The filters that can be judged before a stack is symbolized. */
    private boolean keepsWithoutStack(Event e) {
        return e.durationNanos() >= minDurationNanos && (thread == null || thread.matcher(e.thread()).matches());
    }

    private boolean keeps(Event e, List<String> argNames) {
        if (!keepsWithoutStack(e)) {
            return false;
        }
        for (Predicate<Event> f : filters) {
            if (f instanceof NamedArgument named ? !named.test(e, argNames) : !f.test(e)) {
                return false;
            }
        }
        return true;
    }

    private static void requirePositive(Duration d) {
        Objects.requireNonNull(d, "duration: give a Duration such as s(5) or ms(500)");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the duration must be positive, not " + d);
        }
    }

    private static <T> List<T> with(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return copy;
    }

    /** A test of the argument with a name, resolved against the running feed's names. */
    private record NamedArgument(String name, LongPredicate test) implements Predicate<Event> {
        @Override
        public boolean test(Event e) {
            throw new IllegalStateException("resolved by name");
        }

        boolean test(Event e, List<String> argNames) {
            int i = argNames.indexOf(name); // known to be there: the collector checked the names at start
            return i >= 0 && i < e.argCount() && test.test(e.arg(i));
        }
    }
}
