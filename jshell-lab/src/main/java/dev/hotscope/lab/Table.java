package dev.hotscope.lab;

import dev.hotscope.lab.render.TableRenderer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Rows of values under named columns: counts, sums, top-N lists. Immutable. Cells may be numbers (shown
 * with thousands separators), {@link Duration}s (shown in one unit per column, named in the header, e.g.
 * {@code total ms}), lists (stacks, shown innermost first), any other object (its {@code toString()}) or null
 * (shown empty).
 *
 * @param title what the table is about; not null (may be empty)
 * @param columns the column names; not null, no null elements
 * @param rows the rows, each with one cell per column; not null, no null rows
 * @param lost events the kernel could not deliver, so not counted here; not negative
 */
public record Table(String title, List<String> columns, List<List<Object>> rows, long lost) implements Rich {
    /**
     * Checks and copies the arguments.
     *
     * @throws NullPointerException if title, columns, a column name, rows or a row is null
     * @throws IllegalArgumentException if a row's size differs from the number of columns or lost is negative
     */
    public Table {
        Objects.requireNonNull(title, "title is null; pass \"\" for none");
        Objects.requireNonNull(columns, "columns is null; pass the column names");
        Objects.requireNonNull(rows, "rows is null; pass List.of() for an empty table");
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            Objects.requireNonNull(row, "rows contains null; pass a list of cells (cells may be null)");
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("each row needs " + columns.size() + " cells " + columns
                    + ", but got " + row.size() + ": " + row);
            }
            copy.add(Collections.unmodifiableList(Arrays.asList(row.toArray())));
        }
        rows = Collections.unmodifiableList(copy);
        if (lost < 0) {
            throw new IllegalArgumentException("lost must be 0 or more, not " + lost);
        }
    }

    /**
     * Returns one column's cells, top to bottom.
     *
     * @param name one of {@link #columns()}
     * @throws IllegalArgumentException if there is no such column
     */
    public List<Object> column(String name) {
        int i = indexOf(name);
        List<Object> cells = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            cells.add(row.get(i));
        }
        return Collections.unmodifiableList(cells);
    }

    /**
     * Returns the table sorted by one column, smallest first (numbers and durations by value, other cells
     * by text, nulls first); equal rows keep their order. Use {@link #reversed()} for largest first.
     *
     * @param name one of {@link #columns()}
     * @throws IllegalArgumentException if there is no such column
     */
    public Table sortBy(String name) {
        int i = indexOf(name);
        List<List<Object>> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(row -> row.get(i), Table::compareCells));
        return new Table(title, columns, sorted, lost);
    }

    /** Returns the table with its rows in the opposite order. */
    public Table reversed() {
        List<List<Object>> copy = new ArrayList<>(rows);
        Collections.reverse(copy);
        return new Table(title, columns, copy, lost);
    }

    /**
     * Returns the first {@code n} rows (all rows when there are fewer).
     *
     * @param n 0 or more
     * @throws IllegalArgumentException if n is negative
     */
    public Table head(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("head needs 0 or more rows, not " + n);
        }
        return new Table(title, columns, rows.subList(0, Math.min(n, rows.size())), lost);
    }

    /** Returns aligned columns with a header, numbers right-aligned, and a "lost N events" line if any. */
    @Override
    public String toText() {
        return TableRenderer.text(this);
    }

    /** Returns an HTML {@code <table>} with escaped cells. */
    @Override
    public String toHtml() {
        return TableRenderer.html(this);
    }

    /** Returns {@link #toText()}. */
    @Override
    public String toString() {
        return toText();
    }

    private int indexOf(String name) {
        Objects.requireNonNull(name, "column name is null; pass one of " + columns);
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column \"" + name + "\"; the columns are " + columns);
        }
        return i;
    }

    private static int compareCells(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Duration da && b instanceof Duration db) {
            return da.compareTo(db);
        }
        if (isIntegral(a) && isIntegral(b)) {
            return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
        }
        if (a instanceof Number na && b instanceof Number nb) {
            return Double.compare(na.doubleValue(), nb.doubleValue());
        }
        return a.toString().compareTo(b.toString());
    }

    private static boolean isIntegral(Object o) {
        return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte;
    }
}
