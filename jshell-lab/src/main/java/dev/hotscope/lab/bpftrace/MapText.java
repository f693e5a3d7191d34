package dev.hotscope.lab.bpftrace;

import dev.hotscope.lab.Histogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes maps as bpftrace's text output does: {@code @x: 5}, {@code @c[bash]: 12}, a histogram under {@code @h:}. */
final class MapText {
    private MapText() {}

    /** Returns the lines showing one map. */
    static List<String> lines(String name, Object value) {
        List<String> lines = new ArrayList<>();
        if (value instanceof Map<?, ?> keyed) {
            for (Map.Entry<?, ?> e : keyed.entrySet()) {
                add(lines, name + "[" + e.getKey() + "]", e.getValue());
            }
        } else {
            add(lines, name, value);
        }
        return lines;
    }

    private static void add(List<String> lines, String label, Object value) {
        if (value instanceof Histogram hist) {
            lines.addAll(hist.toText().lines().toList()); // its header names it: "@h[key]: 12 events"
        } else {
            lines.add(label + ": " + scalar(value));
        }
    }

    static String scalar(Object value) {
        if (value instanceof List<?> tuple) {
            List<String> parts = new ArrayList<>();
            tuple.forEach(v -> parts.add(scalar(v)));
            return "(" + String.join(", ", parts) + ")";
        }
        return String.valueOf(value);
    }
}
