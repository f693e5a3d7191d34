package dev.hotscope.lab;

import dev.hotscope.lab.internal.Export;
import dev.hotscope.lab.render.Format;
import dev.hotscope.lab.render.HistogramRenderer;
import dev.hotscope.lab.render.Html;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Events a source took, with the count of those the kernel could not deliver, and the aggregations
 * bcc and bpftrace users reach for: counts and sums by key, top-N, log2 and linear histograms, stacks
 * and flame graphs. An immutable list: stream it, filter it, index it.
 */
public final class Events extends AbstractList<Event> implements Rich, RandomAccess {
    /** How many events {@link #toText()} and {@link #toHtml()} show. */
    public static final int SHOWN = 20;
    /** The most buckets {@link #linear} makes, so a typo cannot allocate gigabytes. */
    public static final int MAX_LINEAR_BUCKETS = 10_000;

    private static final String NO_STACK = "(no stack)";

    private final String title;
    private final List<Event> events;
    private final long lost;

    /**
     * Copies {@code events}.
     *
     * @param title what these events are, e.g. {@code syscalls}; not null (may be empty)
     * @param events the events; not null, no null elements
     * @param lost events the kernel could not deliver; not negative
     * @throws NullPointerException if title, events or an event is null
     * @throws IllegalArgumentException if lost is negative
     */
    public Events(String title, List<Event> events, long lost) {
        this(copy(events), title, lost);
    }

    /** Takes {@code events} as is: an unmodifiable list already checked for nulls. */
    private Events(List<Event> events, String title, long lost) {
        this.title = Objects.requireNonNull(title, "title is null; pass \"\" for none");
        if (lost < 0) {
            throw new IllegalArgumentException("lost must be 0 or more, not " + lost);
        }
        this.events = events;
        this.lost = lost;
    }

    private static List<Event> copy(List<Event> events) {
        Objects.requireNonNull(events, "events is null; pass List.of() for none");
        if (events instanceof Events e) {
            return e.events;
        }
        Event[] copy = events.toArray(new Event[0]);
        for (Event e : copy) {
            Objects.requireNonNull(e, "events contains null; pass only Event values");
        }
        return Collections.unmodifiableList(Arrays.asList(copy));
    }

    /** Returns what these events are. */
    public String title() {
        return title;
    }

    /** Returns how many events the kernel could not deliver (ring buffer full, ...); they are not in this list. */
    public long lost() {
        return lost;
    }

    @Override
    public Event get(int index) {
        return events.get(index);
    }

    @Override
    public int size() {
        return events.size();
    }

    /** Returns the number of events; {@link #size()}. */
    public int count() {
        return events.size();
    }

    /**
     * Returns the events {@code test} accepts, with the same title and lost count.
     *
     * @throws NullPointerException if test is null
     */
    public Events where(Predicate<Event> test) {
        Objects.requireNonNull(test, "test is null; pass e.g. e -> e.durationMillis() > 10");
        List<Event> kept = new ArrayList<>();
        for (Event e : events) {
            if (test.test(e)) {
                kept.add(e);
            }
        }
        return new Events(Collections.unmodifiableList(kept), title, lost);
    }

    /**
     * Returns the events with only the Java frames of their stacks: no kernel ({@code [k] }), native
     * ({@code lib:function}) or code-cache frames. Top-N and flame graphs of the result group by the Java
     * code that waited, whatever native path it took; interpreted frames stay as {@code [interpreter]}.
     *
     * @return a new Events with the same title and lost count
     */
    public Events javaStacks() {
        List<Event> out = new ArrayList<>(events.size());
        for (Event e : events) {
            List<String> java = new ArrayList<>(e.stack().size());
            for (String frame : e.stack()) {
                if (isJavaFrame(frame)) {
                    java.add(frame);
                }
            }
            out.add(java.size() == e.stack().size() ? e : e.withStack(java));
        }
        return new Events(Collections.unmodifiableList(out), title, lost);
    }

    private static boolean isJavaFrame(String frame) {
        return frame.equals("[interpreter]")
            || !frame.startsWith("[") && frame.indexOf(':') < 0 && frame.indexOf('.') > 0;
    }

    /**
     * Returns how many events each key has, most first (ties in the order keys were first seen).
     *
     * @param key e.g. {@code Event::name} or {@code Event::thread}; may return null
     * @return columns {@code key, count}
     * @throws NullPointerException if key is null
     */
    public Table countBy(Function<Event, ?> key) {
        Objects.requireNonNull(key, "key is null; pass e.g. Event::name");
        return table(group(key, null), false, Integer.MAX_VALUE);
    }

    /**
     * Returns the sum of {@code value} over all events.
     *
     * @param value e.g. {@code Event::durationNanos}
     * @throws NullPointerException if value is null
     */
    public long sum(ToLongFunction<Event> value) {
        Objects.requireNonNull(value, "value is null; pass e.g. Event::durationNanos");
        long sum = 0;
        for (Event e : events) {
            sum += value.applyAsLong(e);
        }
        return sum;
    }

    /**
     * Returns the sum of {@code value} for each key, largest first (ties in the order keys were first seen).
     *
     * @param key e.g. {@code Event::name}; may return null
     * @param value e.g. {@code e -> e.arg(2)}
     * @return columns {@code key, sum, count}
     * @throws NullPointerException if key or value is null
     */
    public Table sumBy(Function<Event, ?> key, ToLongFunction<Event> value) {
        Objects.requireNonNull(key, "key is null; pass e.g. Event::name");
        Objects.requireNonNull(value, "value is null; pass e.g. e -> e.arg(2)");
        return table(group(key, value), true, Integer.MAX_VALUE);
    }

    /**
     * Returns the {@code n} keys with the most events, most first (ties in the order keys were first seen).
     *
     * @param n 1 or more
     * @param key e.g. {@code Event::name}
     * @return columns {@code key, count}
     * @throws NullPointerException if key is null
     * @throws IllegalArgumentException if n is less than 1
     */
    public Table top(int n, Function<Event, ?> key) {
        checkTop(n);
        Objects.requireNonNull(key, "key is null; pass e.g. Event::name");
        return table(group(key, null), false, n);
    }

    /**
     * Returns the {@code n} keys with the largest sums of {@code value}, largest first (ties in the order keys
     * were first seen).
     *
     * @param n 1 or more
     * @param key e.g. {@code Event::name}
     * @param value e.g. {@code Event::durationNanos}
     * @return columns {@code key, sum, count}
     * @throws NullPointerException if key or value is null
     * @throws IllegalArgumentException if n is less than 1
     */
    public Table top(int n, Function<Event, ?> key, ToLongFunction<Event> value) {
        checkTop(n);
        Objects.requireNonNull(key, "key is null; pass e.g. Event::name");
        Objects.requireNonNull(value, "value is null; pass e.g. Event::durationNanos");
        return table(group(key, value), true, n);
    }

    /** Returns a log2 histogram of the durations in microseconds, like bpftrace's {@code hist()}. */
    public Histogram log2() {
        return log2("usecs", Event::durationMicros);
    }

    /**
     * Returns a log2 histogram of {@code value}: buckets [0], [1], [2, 4), [4, 8), ... and (..., 0) for
     * negative values; only the buckets from the lowest to the highest non-empty one.
     *
     * @param unit the values' unit, e.g. {@code bytes}
     * @param value e.g. {@code e -> e.arg(2)}
     * @throws NullPointerException if unit or value is null
     */
    public Histogram log2(String unit, ToLongFunction<Event> value) {
        Objects.requireNonNull(unit, "unit is null; pass e.g. \"bytes\" or \"\"");
        Objects.requireNonNull(value, "value is null; pass e.g. e -> e.arg(2)");
        long[] counts = new long[64];
        long negative = 0;
        for (Event e : events) {
            long v = value.applyAsLong(e);
            if (v < 0) {
                negative++;
            } else {
                counts[log2Index(v)]++;
            }
        }
        List<Histogram.Bucket> buckets = new ArrayList<>();
        if (negative > 0) {
            buckets.add(new Histogram.Bucket(Long.MIN_VALUE, 0, negative));
        }
        int first = negative > 0 ? 0 : firstNonZero(counts);
        int last = lastNonZero(counts);
        for (int i = first; i <= last; i++) {
            buckets.add(new Histogram.Bucket(log2Low(i), log2High(i), counts[i]));
        }
        return new Histogram(title, unit, true, buckets, lost);
    }

    /**
     * Returns a linear histogram of {@code value}, like bpftrace's {@code lhist()}: buckets of {@code step}
     * from {@code min} to {@code max}, plus (..., min) and [max, ...) for values outside.
     *
     * @param unit the values' unit, e.g. {@code usecs}
     * @param value e.g. {@code Event::durationMicros}
     * @param min the lowest bucket's low bound
     * @param max the bound above the highest bucket; greater than min
     * @param step each bucket's width; 1 or more, at most {@value #MAX_LINEAR_BUCKETS} buckets in all
     * @throws NullPointerException if unit or value is null
     * @throws IllegalArgumentException if the bounds or step are out of range
     */
    public Histogram linear(String unit, ToLongFunction<Event> value, long min, long max, long step) {
        Objects.requireNonNull(unit, "unit is null; pass e.g. \"usecs\" or \"\"");
        Objects.requireNonNull(value, "value is null; pass e.g. Event::durationMicros");
        long width = linearWidth(min, max, step);
        int inRange = (int) ((width + step - 1) / step);
        long[] counts = new long[inRange];
        long below = 0;
        long above = 0;
        for (Event e : events) {
            long v = value.applyAsLong(e);
            if (v < min) {
                below++;
            } else if (v >= max) {
                above++;
            } else {
                counts[(int) ((v - min) / step)]++;
            }
        }
        List<Histogram.Bucket> buckets = new ArrayList<>(inRange + 2);
        if (min != Long.MIN_VALUE) {
            buckets.add(new Histogram.Bucket(Long.MIN_VALUE, min, below));
        }
        for (int i = 0; i < inRange; i++) {
            long low = min + i * step;
            buckets.add(new Histogram.Bucket(low, i == inRange - 1 ? max : low + step, counts[i]));
        }
        if (max != Long.MAX_VALUE) {
            buckets.add(new Histogram.Bucket(max, Long.MAX_VALUE, above));
        }
        return new Histogram(title, unit, false, buckets, lost);
    }

    /**
     * Returns the {@code n} stacks with the most total duration (most events when no event has a duration),
     * frames innermost first; events without a stack count under {@code (no stack)}.
     *
     * @param n 1 or more
     * @return columns {@code stack, total, count} ({@code total} as {@link Duration}), or {@code stack, count}
     * @throws IllegalArgumentException if n is less than 1
     */
    public Table topStacks(int n) {
        checkTop(n);
        boolean timed = anyDuration();
        Map<Object, long[]> groups = group(e -> e.stack().isEmpty() ? NO_STACK : e.stack(),
            timed ? Event::durationNanos : null);
        List<Map.Entry<Object, long[]>> sorted = sorted(groups, timed);
        List<List<Object>> rows = new ArrayList<>();
        for (Map.Entry<Object, long[]> e : sorted.subList(0, Math.min(n, sorted.size()))) {
            rows.add(timed ? List.of(e.getKey(), Duration.ofNanos(e.getValue()[1]), e.getValue()[0])
                : List.of(e.getKey(), e.getValue()[0]));
        }
        List<String> columns = timed ? List.of("stack", "total", "count") : List.of("stack", "count");
        return new Table(title, columns, rows, lost);
    }

    /**
     * Writes the events to a file: {@code .jfr} gives a JFR recording for JDK Mission Control (each event
     * on its thread's lane with its stack), {@code .html} gives hotscope's report with the recording next to it.
     *
     * @param file where to write; not null
     * @return one line saying what was written
     * @throws IllegalArgumentException if the extension is neither or the file cannot be written
     */
    public String save(Path file) {
        Objects.requireNonNull(file, "file: give a Path ending in .jfr or .html");
        return Export.save(this, file);
    }

    /**
     * Returns a flame graph of the stacks weighted by duration in ns (by event count when no event has a
     * duration); events without a stack show as one {@code (no stack)} frame.
     */
    public FlameGraph flame() {
        boolean timed = anyDuration();
        Map<List<String>, Long> stacks = new LinkedHashMap<>();
        List<String> noStack = List.of(NO_STACK);
        for (Event e : events) {
            List<String> stack = e.stack().isEmpty() ? noStack : e.stack();
            stacks.merge(stack, timed ? e.durationNanos() : 1L, Long::sum);
        }
        return new FlameGraph(title, timed ? "ns" : "events", stacks, lost);
    }

    /**
     * Returns events per thread, by total duration (by count when no event has a duration), largest first.
     *
     * @return columns {@code thread, tid, count, total} ({@code total} as {@link Duration}), or
     *     {@code thread, tid, count}; the thread's name is the last one seen for its tid
     */
    public Table byThread() {
        boolean timed = anyDuration();
        Map<Long, long[]> byTid = new LinkedHashMap<>();
        Map<Long, String> names = new LinkedHashMap<>();
        for (Event e : events) {
            Long tid = e.tid();
            long[] acc = byTid.computeIfAbsent(tid, t -> new long[2]);
            acc[0]++;
            acc[1] += e.durationNanos();
            names.put(tid, e.thread());
        }
        List<Map.Entry<Long, long[]>> sorted = new ArrayList<>(byTid.entrySet());
        int key = timed ? 1 : 0;
        sorted.sort((a, b) -> Long.compare(b.getValue()[key], a.getValue()[key]));
        List<List<Object>> rows = new ArrayList<>(sorted.size());
        for (Map.Entry<Long, long[]> e : sorted) {
            long[] acc = e.getValue();
            rows.add(timed ? List.of(names.get(e.getKey()), e.getKey(), acc[0], Duration.ofNanos(acc[1]))
                : List.of(names.get(e.getKey()), e.getKey(), acc[0]));
        }
        List<String> columns = timed ? List.of("thread", "tid", "count", "total") : List.of("thread", "tid", "count");
        return new Table(title, columns, rows, lost);
    }

    /**
     * Returns a heading, the first {@value #SHOWN} events as a table (start relative to the earliest event,
     * name, thread, duration, arguments and innermost frame where present), "… N more" and the lost line.
     */
    @Override
    public String toText() {
        StringBuilder b = new StringBuilder(heading()).append('\n');
        if (!events.isEmpty()) {
            Table shown = shownTable();
            b.append(shown.toText());
        }
        if (events.size() > SHOWN) {
            b.append("… ").append(Format.thousands(events.size() - SHOWN)).append(" more\n");
        }
        if (lost > 0) {
            b.append(HistogramRenderer.lostLine(lost)).append('\n');
        }
        return b.toString();
    }

    /** Returns the same as {@link #toText()} as HTML: a heading, a {@code <table>} and the remaining lines. */
    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder("<div class=\"hotscope-events\"")
            .append(" style=\"font-family:monospace;font-size:12px\">\n")
            .append("<div style=\"font-weight:bold\">").append(Html.escape(heading())).append("</div>\n");
        if (!events.isEmpty()) {
            b.append(shownTable().toHtml());
        }
        if (events.size() > SHOWN) {
            b.append("<div>… ").append(Format.thousands(events.size() - SHOWN)).append(" more</div>\n");
        }
        if (lost > 0) {
            b.append("<div style=\"color:#b00\">").append(Html.escape(HistogramRenderer.lostLine(lost)))
                .append("</div>\n");
        }
        return b.append("</div>\n").toString();
    }

    /** Returns {@link #toText()}. */
    @Override
    public String toString() {
        return toText();
    }

    /** Returns the log2 bucket index of a non-negative value: 0 for 0, else 1 + floor(log2(v)). */
    static int log2Index(long v) {
        return 64 - Long.numberOfLeadingZeros(v);
    }

    private static long log2Low(int index) {
        return index == 0 ? 0 : 1L << (index - 1);
    }

    private static long log2High(int index) {
        return index == 63 ? Long.MAX_VALUE : 1L << index;
    }

    private static int firstNonZero(long[] counts) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                return i;
            }
        }
        return counts.length;
    }

    private static int lastNonZero(long[] counts) {
        for (int i = counts.length - 1; i >= 0; i--) {
            if (counts[i] != 0) {
                return i;
            }
        }
        return -1;
    }

    private static long linearWidth(long min, long max, long step) {
        if (step < 1) {
            throw new IllegalArgumentException("step must be 1 or more, not " + step);
        }
        if (max <= min) {
            throw new IllegalArgumentException("max must be greater than min, but got min " + min + ", max " + max);
        }
        long width;
        try {
            width = Math.subtractExact(max, min);
        } catch (ArithmeticException e) {
            width = Long.MAX_VALUE;
        }
        if (width / step >= MAX_LINEAR_BUCKETS) {
            throw new IllegalArgumentException("linear makes at most " + MAX_LINEAR_BUCKETS + " buckets, but min "
                + min + ", max " + max + ", step " + step + " needs " + (width / step) + "+; use a larger step");
        }
        return width;
    }

    private static void checkTop(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("top needs n of 1 or more, not " + n);
        }
    }

    private boolean anyDuration() {
        for (Event e : events) {
            if (e.durationNanos() != 0) {
                return true;
            }
        }
        return false;
    }

    /** One pass: key to {count, sum}, in the order keys were first seen; sum stays 0 without value. */
    private Map<Object, long[]> group(Function<Event, ?> key, ToLongFunction<Event> value) {
        Map<Object, long[]> groups = new LinkedHashMap<>();
        for (Event e : events) {
            long[] acc = groups.computeIfAbsent(key.apply(e), k -> new long[2]);
            acc[0]++;
            if (value != null) {
                acc[1] += value.applyAsLong(e);
            }
        }
        return groups;
    }

    private static List<Map.Entry<Object, long[]>> sorted(Map<Object, long[]> groups, boolean bySum) {
        List<Map.Entry<Object, long[]>> sorted = new ArrayList<>(groups.entrySet());
        int i = bySum ? 1 : 0;
        sorted.sort((a, b) -> Long.compare(b.getValue()[i], a.getValue()[i]));
        return sorted;
    }

    private Table table(Map<Object, long[]> groups, boolean bySum, int n) {
        List<Map.Entry<Object, long[]>> sorted = sorted(groups, bySum);
        List<List<Object>> rows = new ArrayList<>(Math.min(n, sorted.size()));
        for (Map.Entry<Object, long[]> e : sorted.subList(0, Math.min(n, sorted.size()))) {
            rows.add(bySum ? Arrays.asList(e.getKey(), e.getValue()[1], e.getValue()[0])
                : Arrays.asList(e.getKey(), e.getValue()[0]));
        }
        return new Table(title, bySum ? List.of("key", "sum", "count") : List.of("key", "count"), rows, lost);
    }

    private String heading() {
        String name = title.isEmpty() ? "events" : title;
        return events.isEmpty() ? name + ": (no events)"
            : name + ": " + Format.thousands(events.size()) + (events.size() == 1 ? " event" : " events");
    }

    private Table shownTable() {
        List<Event> shown = events.subList(0, Math.min(SHOWN, events.size()));
        long origin = Long.MAX_VALUE;
        for (Event e : events) {
            origin = Math.min(origin, e.startNanos());
        }
        boolean durations = false;
        boolean args = false;
        boolean stacks = false;
        boolean sources = false;
        for (Event e : shown) {
            durations |= e.durationNanos() != 0;
            args |= e.argCount() > 0;
            stacks |= !e.stack().isEmpty();
            sources |= !e.source().equals(shown.get(0).source());
        }
        List<String> columns = new ArrayList<>(List.of("at", "name", "thread", "tid"));
        addIf(columns, sources, "source");
        addIf(columns, durations, "duration");
        addIf(columns, args, "args");
        addIf(columns, stacks, "frame");
        List<List<Object>> rows = new ArrayList<>(shown.size());
        for (Event e : shown) {
            List<Object> row = new ArrayList<>(List.of(Duration.ofNanos(e.startNanos() - origin), e.name(),
                e.thread(), e.tid()));
            if (sources) {
                row.add(e.source());
            }
            if (durations) {
                row.add(Duration.ofNanos(e.durationNanos()));
            }
            if (args) {
                row.add(Arrays.toString(e.args()));
            }
            if (stacks) {
                row.add(e.topFrame());
            }
            rows.add(row);
        }
        return new Table("", columns, rows, 0);
    }

    private static void addIf(List<String> columns, boolean wanted, String column) {
        if (wanted) {
            columns.add(column);
        }
    }
}
