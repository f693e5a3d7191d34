package dev.hotscope.lab;

import dev.hotscope.lab.render.FlameRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Stacks and their weights, shown as a flame graph. Immutable.
 *
 * @param title what the graph shows; not null (may be empty)
 * @param unit the weights' unit: {@code ns} (shown as durations), {@code events}, ...; not null
 * @param stacks each stack's frames, innermost first like {@link Event#stack()}, to its weight; not null,
 *     no null keys, frames or weights, no negative weights
 * @param lost events the kernel could not deliver, so not counted here; not negative
 */
public record FlameGraph(String title, String unit, Map<List<String>, Long> stacks, long lost) implements Rich {
    /**
     * Checks and copies the arguments.
     *
     * @throws NullPointerException if title, unit, stacks, a stack, a frame or a weight is null
     * @throws IllegalArgumentException if a weight or lost is negative
     */
    public FlameGraph {
        Objects.requireNonNull(title, "title is null; pass \"\" for none");
        Objects.requireNonNull(unit, "unit is null; pass e.g. \"ns\" or \"events\"");
        Objects.requireNonNull(stacks, "stacks is null; pass Map.of() for an empty flame graph");
        Map<List<String>, Long> copy = new LinkedHashMap<>();
        for (Map.Entry<List<String>, Long> e : stacks.entrySet()) {
            Objects.requireNonNull(e.getKey(), "stacks has a null stack; pass List.of() for no frames");
            for (String frame : e.getKey()) {
                Objects.requireNonNull(frame, "a stack has a null frame; pass frames as text");
            }
            Long weight = Objects.requireNonNull(e.getValue(), "stack " + e.getKey() + " has a null weight");
            if (weight < 0) {
                throw new IllegalArgumentException("weights must be 0 or more, but stack " + e.getKey() + " has "
                    + weight);
            }
            copy.merge(List.copyOf(e.getKey()), weight, Long::sum);
        }
        stacks = Collections.unmodifiableMap(copy);
        if (lost < 0) {
            throw new IllegalArgumentException("lost must be 0 or more, not " + lost);
        }
    }

    /**
     * A flame graph with nothing lost.
     *
     * @throws NullPointerException as the canonical constructor
     * @throws IllegalArgumentException as the canonical constructor
     */
    public FlameGraph(String title, String unit, Map<List<String>, Long> stacks) {
        this(title, unit, stacks, 0);
    }

    /** Returns the sum of all weights. */
    public long total() {
        long t = 0;
        for (long w : stacks.values()) {
            t += w;
        }
        return t;
    }

    /**
     * Returns folded stacks as flamegraph.pl and speedscope read them: one line per stack, frames root first
     * joined by {@code ;} ({@code main;a;b 123}), sorted; "(no events)" when empty, then a "lost N events"
     * line when events were lost.
     */
    @Override
    public String toText() {
        return FlameRenderer.folded(this);
    }

    /** Returns an HTML fragment holding the flame graph as inline SVG (scales to the output's width). */
    @Override
    public String toHtml() {
        return FlameRenderer.html(this);
    }

    /** Returns a standalone SVG document: root at the bottom, widths by weight, tooltips per frame. */
    public String toSvg() {
        return FlameRenderer.svg(this);
    }

    /**
     * Writes the graph to {@code file}, chosen by its extension: {@code .svg} (SVG document), {@code .html}
     * or {@code .htm} (HTML page), {@code .folded} or {@code .txt} (folded stacks).
     *
     * @param file where to write; replaced if it exists
     * @return file
     * @throws NullPointerException if file is null
     * @throws IllegalArgumentException if the extension is none of those
     * @throws IOException if writing fails
     */
    public Path save(Path file) throws IOException {
        Objects.requireNonNull(file, "file is null; pass e.g. Path.of(\"flame.svg\")");
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        String content;
        if (name.endsWith(".svg")) {
            content = toSvg();
        } else if (name.endsWith(".html") || name.endsWith(".htm")) {
            content = FlameRenderer.page(this);
        } else if (name.endsWith(".folded") || name.endsWith(".txt")) {
            content = toText();
        } else {
            throw new IllegalArgumentException("save writes .svg, .html, .htm, .folded or .txt files, not " + file);
        }
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** Returns {@link #toText()}. */
    @Override
    public String toString() {
        return toText();
    }
}
