package dev.hotscope.lab.bpftrace;

import dev.hotscope.lab.Histogram;
import java.util.Map;

/** Names the kind of a map's value, for messages that say which accessor fits. */
final class Kind {
    private Kind() {}

    static String of(Object value) {
        if (value instanceof Map<?, ?> keyed) {
            Object first = keyed.values().stream().findFirst().orElse(null);
            return "keyed " + (first == null ? "values" : plural(first));
        }
        return singular(value);
    }

    static String accessor(Object value) {
        if (value instanceof Long) {
            return "scalar";
        }
        if (value instanceof Histogram) {
            return "hist";
        }
        if (value instanceof Map<?, ?> keyed && keyed.values().stream().allMatch(v -> v instanceof Long)) {
            return "keyed";
        }
        if (value instanceof Map<?, ?> keyed && keyed.values().stream().allMatch(v -> v instanceof Histogram)) {
            return "hist(name, key) or map";
        }
        return "map";
    }

    private static String singular(Object value) {
        if (value instanceof Long) {
            return "a number";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Histogram) {
            return "a histogram";
        }
        if (value instanceof Stats) {
            return "stats";
        }
        return "a tuple";
    }

    private static String plural(Object value) {
        if (value instanceof Histogram) {
            return "histograms";
        }
        return singular(value).replaceFirst("^an? ", "") + (value instanceof Stats ? "" : "s");
    }
}
