package dev.hotscope.lab.render;

import dev.hotscope.lab.Table;
import dev.hotscope.lab.render.Format.TimeUnitLabel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link Table} as aligned text and as an HTML {@code <table>}. */
public final class TableRenderer {
    /** The widest a text cell gets before it is cut with an ellipsis. */
    public static final int MAX_CELL = 100;
    /** The most frames of one stack a text table shows. */
    public static final int MAX_STACK_LINES = 40;

    private TableRenderer() {
    }

    /**
     * Returns the title, a header and aligned rows: numbers right-aligned with thousands separators,
     * durations in one unit per column named in the header ({@code total ms}), stacks innermost first
     * joined by {@code " < "}, then "(no rows)" when empty and a "lost N events" line when events were lost.
     */
    public static String text(Table t) {
        List<Column> cols = columns(t);
        int stackColumn = stackColumn(t);
        if (stackColumn >= 0) {
            return stacksText(t, cols, stackColumn);
        }
        List<String[]> lines = new ArrayList<>(t.rows().size() + 1);
        String[] header = new String[cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            header[c] = cols.get(c).header;
        }
        lines.add(header);
        for (List<Object> row : t.rows()) {
            String[] line = new String[cols.size()];
            for (int c = 0; c < cols.size(); c++) {
                line[c] = Format.clip(oneLine(cols.get(c).text(row.get(c), " < ")), MAX_CELL);
            }
            lines.add(line);
        }
        int[] widths = new int[cols.size()];
        for (String[] line : lines) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        if (!t.title().isEmpty()) {
            b.append(t.title()).append('\n');
        }
        for (String[] line : lines) {
            StringBuilder l = new StringBuilder();
            for (int c = 0; c < line.length; c++) {
                if (c > 0) {
                    l.append("  ");
                }
                boolean right = cols.get(c).kind != Kind.TEXT;
                l.append(right ? HistogramRenderer.padLeft(line[c], widths[c])
                    : HistogramRenderer.padRight(line[c], widths[c]));
            }
            b.append(l.toString().stripTrailing()).append('\n');
        }
        if (t.rows().isEmpty()) {
            b.append("(no rows)\n");
        }
        HistogramRenderer.appendLost(b, t.lost());
        return b.toString();
    }

    /** Returns a {@code <table>} (title as caption, numbers right-aligned, stacks one frame a line), escaped. */
    public static String html(Table t) {
        List<Column> cols = columns(t);
        StringBuilder b = new StringBuilder(
                "<div class=\"hotscope-table\" style=\"font-family:monospace;font-size:12px\">\n")
            .append("<table style=\"border-collapse:collapse;font-family:monospace;font-size:12px\">\n");
        if (!t.title().isEmpty()) {
            b.append("<caption style=\"text-align:left;font-weight:bold\">").append(Html.escape(t.title()))
                .append("</caption>\n");
        }
        b.append("<thead><tr>");
        for (Column col : cols) {
            b.append("<th style=\"text-align:").append(col.kind == Kind.TEXT ? "left" : "right")
                .append(";padding:2px 8px;border-bottom:1px solid #888\">").append(Html.escape(col.header))
                .append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : t.rows()) {
            b.append("<tr>");
            for (int c = 0; c < cols.size(); c++) {
                Column col = cols.get(c);
                b.append("<td style=\"text-align:").append(col.kind == Kind.TEXT ? "left" : "right")
                    .append(";vertical-align:top;padding:2px 8px\">")
                    .append(Html.escape(col.text(row.get(c), "\n")).replace("\n", "<br/>")).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        if (t.rows().isEmpty()) {
            b.append("<div>(no rows)</div>\n");
        }
        if (t.lost() > 0) {
            b.append("<div style=\"color:#b00\">").append(Html.escape(HistogramRenderer.lostLine(t.lost())))
                .append("</div>\n");
        }
        return b.append("</div>\n").toString();
    }

    /** The first column holding stacks (lists), or -1. */
    private static int stackColumn(Table t) {
        for (List<Object> row : t.rows()) {
            for (int c = 0; c < row.size(); c++) {
                if (row.get(c) instanceof List<?>) {
                    return c;
                }
            }
        }
        return -1;
    }

    /**
     * A table of stacks as bcc's stackcount and offcputime print them: each row's other cells on one line,
     * then its frames, innermost first, one a line, so the Java frames below the native ones can be read.
     */
    private static String stacksText(Table t, List<Column> cols, int stackColumn) {
        StringBuilder b = new StringBuilder();
        if (!t.title().isEmpty()) {
            b.append(t.title()).append('\n');
        }
        for (List<Object> row : t.rows()) {
            StringBuilder head = new StringBuilder();
            for (int c = 0; c < cols.size(); c++) {
                if (c != stackColumn) {
                    head.append(head.length() == 0 ? "" : "  ").append(cols.get(c).header).append(' ')
                        .append(cols.get(c).text(row.get(c), " < "));
                }
            }
            b.append(head).append('\n');
            Object stack = row.get(stackColumn);
            List<?> frames = stack instanceof List<?> l ? l : List.of(String.valueOf(stack));
            int shown = Math.min(frames.size(), MAX_STACK_LINES);
            for (int i = 0; i < shown; i++) {
                b.append("    ").append(Format.clip(oneLine(String.valueOf(frames.get(i))), MAX_CELL)).append('\n');
            }
            if (frames.size() > shown) {
                b.append("    … ").append(frames.size() - shown).append(" more frames\n");
            }
            b.append('\n');
        }
        if (t.rows().isEmpty()) {
            b.append("(no rows)\n");
        }
        HistogramRenderer.appendLost(b, t.lost());
        return b.toString();
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }

    private enum Kind { TEXT, NUMBER, DURATION }

    private static List<Column> columns(Table t) {
        List<Column> cols = new ArrayList<>(t.columns().size());
        for (int c = 0; c < t.columns().size(); c++) {
            cols.add(column(t, c));
        }
        return cols;
    }

    private static Column column(Table t, int c) {
        boolean anyCell = false;
        boolean allNumbers = true;
        boolean allDurations = true;
        long maxNanos = 0;
        for (List<Object> row : t.rows()) {
            Object cell = row.get(c);
            if (cell == null) {
                continue;
            }
            anyCell = true;
            allNumbers &= cell instanceof Number;
            allDurations &= cell instanceof Duration;
            if (cell instanceof Duration d) {
                maxNanos = Math.max(maxNanos, Math.abs(Format.nanos(d)));
            }
        }
        String name = t.columns().get(c);
        if (anyCell && allDurations) {
            TimeUnitLabel unit = TimeUnitLabel.forMagnitude(maxNanos, 10);
            return new Column(name + " " + unit.label(), Kind.DURATION, unit);
        }
        return new Column(name, anyCell && allNumbers ? Kind.NUMBER : Kind.TEXT, null);
    }

    private record Column(String header, Kind kind, TimeUnitLabel unit) {
        String text(Object cell, String frameSeparator) {
            if (cell == null) {
                return "";
            }
            if (kind == Kind.DURATION) {
                return Format.inUnit(Format.nanos((Duration) cell), unit);
            }
            if (cell instanceof Long || cell instanceof Integer || cell instanceof Short || cell instanceof Byte
                || cell instanceof BigInteger) {
                return String.format(Locale.ROOT, "%,d", cell);
            }
            if (cell instanceof Double || cell instanceof Float || cell instanceof BigDecimal) {
                return String.format(Locale.ROOT, "%,.2f", cell);
            }
            if (cell instanceof Duration d) {
                return Format.human(Format.nanos(d));
            }
            if (cell instanceof List<?> list) {
                StringBuilder b = new StringBuilder();
                for (Object o : list) {
                    if (b.length() > 0) {
                        b.append(frameSeparator);
                    }
                    b.append(o);
                }
                return b.toString();
            }
            return String.valueOf(cell);
        }
    }
}
