package dev.hotscope.lab.bpftrace;

import dev.hotscope.lab.Histogram;
import dev.hotscope.lab.Rich;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a bpftrace run left: its maps, the lines it printed, its exit code and its complaints.
 *
 * <p>Map values, by what the script stored: {@code Long} for {@code count()}, {@code sum()}, {@code avg()},
 * {@code min()}, {@code max()} and integers (u64 above {@code Long.MAX_VALUE} keep their bits);
 * {@code String}; {@code List<Object>} for a tuple; {@link Stats} for {@code stats()}; a histogram for
 * {@code hist()} and {@code lhist()}; and for a keyed map a {@code Map<String, ...>} of those, keyed as
 * bpftrace prints keys ({@code "bash"}, {@code "1,x"} for {@code @m[1, "x"]}), largest number first (bpftrace's
 * own text puts it last).
 *
 * @param maps by name with its {@code @} ({@code "@"} for the unnamed map), in bpftrace's order; not null
 * @param printed the lines the script printed ({@code printf}, {@code time}, {@code print}), in order; not null
 * @param exitCode bpftrace's exit code: 0 also when it was stopped by the limit or an interrupt
 * @param errors what bpftrace wrote to stderr and anything unexpected on stdout; not null
 * @param lost output events the kernel could not deliver (bpftrace's lost_events): printed lines are
 *     missing, maps are complete
 */
public record BpftraceResult(Map<String, Object> maps, List<String> printed, int exitCode, List<String> errors,
        long lost) implements Rich {
    /**
     * Checks and copies the arguments.
     *
     * @throws NullPointerException if maps, printed or errors is null
     */
    public BpftraceResult {
        maps = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(maps, "maps")));
        printed = List.copyOf(printed);
        errors = List.copyOf(errors);
    }

    /**
     * Returns one map's value.
     *
     * @param name the map's name, with or without its {@code @} ({@code "@"} or {@code ""} for the unnamed map);
     *     not null
     * @throws IllegalArgumentException if the script left no such map (the message lists the maps it left)
     */
    public Object map(String name) {
        String key = normalize(name);
        Object value = maps.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no map " + key + " in this run; "
                + (maps.isEmpty() ? "the script left no maps (empty maps are not printed)"
                    : "its maps are " + String.join(", ", maps.keySet())));
        }
        return value;
    }

    /**
     * Returns a map holding one number, e.g. {@code @n = count()}.
     *
     * @throws IllegalArgumentException if there is no such map or it does not hold one number
     */
    public long scalar(String name) {
        Object value = map(name);
        if (!(value instanceof Long)) {
            throw wrongKind(name, value, "one number");
        }
        return (Long) value;
    }

    /**
     * Returns a keyed map of numbers, e.g. {@code @[comm] = count()}, largest first.
     *
     * @throws IllegalArgumentException if there is no such map or it is not keyed with numbers
     */
    public Map<String, Long> keyed(String name) {
        Object value = map(name);
        if (!(value instanceof Map<?, ?> keyed) || !keyed.values().stream().allMatch(v -> v instanceof Long)) {
            throw wrongKind(name, value, "numbers by key");
        }
        Map<String, Long> copy = new LinkedHashMap<>();
        keyed.forEach((k, v) -> copy.put((String) k, (Long) v));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Returns a {@code hist()} or {@code lhist()} map, e.g. {@code @us = hist(elapsed / 1000)}.
     *
     * @throws IllegalArgumentException if there is no such map or it is not one histogram (for a keyed one
     *     use {@link #hist(String, String)})
     */
    public Histogram hist(String name) {
        Object value = map(name);
        if (!(value instanceof Histogram)) {
            throw wrongKind(name, value, "one histogram");
        }
        return (Histogram) value;
    }

    /**
     * Returns one key's histogram of a keyed {@code hist()} or {@code lhist()} map, e.g. {@code @us[comm] = hist(...)}.
     *
     * @param key the key as bpftrace prints it, e.g. {@code "bash"}; not null
     * @throws IllegalArgumentException if there is no such map, it is not keyed histograms, or lacks the key
     *     (the message lists its keys)
     */
    public Histogram hist(String name, String key) {
        Objects.requireNonNull(key, "key is null; pass the key as bpftrace prints it, e.g. \"bash\"");
        Object value = map(name);
        if (!(value instanceof Map<?, ?> keyed) || !keyed.values().stream().allMatch(v -> v instanceof Histogram)) {
            throw wrongKind(name, value, "histograms by key");
        }
        Object hist = keyed.get(key);
        if (hist == null) {
            throw new IllegalArgumentException("map " + normalize(name) + " has no key \"" + key + "\"; its keys are "
                + String.join(", ", keyed.keySet().stream().map(k -> "\"" + k + "\"").toList()));
        }
        return (Histogram) hist;
    }

    /** Returns the result's text: its maps as bpftrace prints them, then lost events, errors and exit code. */
    @Override
    public String toText() {
        return ResultText.of(this);
    }

    /** Returns an HTML fragment: a table per keyed map, a chart per histogram, then lost events and errors. */
    @Override
    public String toHtml() {
        return ResultHtml.of(this);
    }

    /** Returns {@link #toText()}. */
    @Override
    public String toString() {
        return toText();
    }

    /** Returns bpftrace's stderr and other complaints as one text, a line each; empty when there were none. */
    public String stderr() {
        return String.join("\n", errors);
    }

    static String normalize(String name) {
        Objects.requireNonNull(name, "name is null; pass a map's name such as \"@x\" or \"x\"");
        return name.startsWith("@") ? name : "@" + name;
    }

    IllegalArgumentException wrongKind(String name, Object value, String wanted) {
        return new IllegalArgumentException("map " + normalize(name) + " holds " + Kind.of(value) + ", not " + wanted
            + "; use " + Kind.accessor(value) + "(\"" + normalize(name) + "\")");
    }
}
