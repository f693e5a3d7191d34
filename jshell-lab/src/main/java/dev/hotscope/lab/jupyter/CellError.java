package dev.hotscope.lab.jupyter;

import java.util.List;

/**
 * A cell that failed: a snippet did not compile, threw, or was interrupted. Carries the lines the
 * notebook shows, already formatted; the first line says what went wrong.
 */
final class CellError extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> lines;

    CellError(List<String> lines) {
        super(lines.isEmpty() ? "error" : lines.get(0), null, false, false);
        this.lines = List.copyOf(lines);
    }

    CellError(String line) {
        this(List.of(line));
    }

    /** The lines to show, no line breaks inside. */
    List<String> lines() {
        return lines;
    }
}
