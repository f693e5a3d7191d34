package dev.hotscope.lab.render;

import dev.hotscope.lab.Histogram;
import dev.hotscope.lab.Histogram.Bucket;
import java.util.List;
import java.util.Locale;

/** Renders a {@link Histogram} as bpftrace-style text and as an inline SVG bar chart. */
public final class HistogramRenderer {
    /** The width of the longest bar, in characters. */
    public static final int BAR_WIDTH = 40;

    private static final int SVG_ROW = 18;
    private static final int SVG_BAR = 320;

    private HistogramRenderer() {
    }

    /**
     * Returns a header naming title, unit and total, one row per bucket from the first to the last non-empty
     * one ({@code [4, 8)   12 |@@@@   |}), and a "lost N events" line when events were lost.
     */
    public static String text(Histogram h) {
        StringBuilder b = new StringBuilder(header(h)).append('\n');
        List<Bucket> rows = shown(h.buckets());
        if (rows.isEmpty()) {
            b.append("(no events)\n");
        } else {
            long max = maxCount(rows);
            int labelWidth = 0;
            int countWidth = 1;
            for (Bucket r : rows) {
                labelWidth = Math.max(labelWidth, r.label().length());
                countWidth = Math.max(countWidth, Long.toString(r.count()).length());
            }
            for (Bucket r : rows) {
                b.append(padRight(r.label(), labelWidth)).append(' ')
                    .append(padLeft(Long.toString(r.count()), countWidth + 1)).append(" |")
                    .append(padRight("@".repeat(barLength(r.count(), max, BAR_WIDTH)), BAR_WIDTH)).append("|\n");
            }
        }
        appendLost(b, h.lost());
        return b.toString();
    }

    /** Returns a {@code <div>} holding a title line and an SVG with one horizontal bar per shown bucket. */
    public static String html(Histogram h) {
        List<Bucket> rows = shown(h.buckets());
        StringBuilder b = new StringBuilder("<div class=\"hotscope-histogram\" style=\"font-family:monospace\">\n")
            .append("<div style=\"font-weight:bold\">").append(Html.escape(header(h))).append("</div>\n");
        if (rows.isEmpty()) {
            b.append("<div>(no events)</div>\n");
        } else {
            long max = maxCount(rows);
            int labelWidth = 0;
            for (Bucket r : rows) {
                labelWidth = Math.max(labelWidth, r.label().length());
            }
            int labelPx = 8 * labelWidth + 10;
            int width = labelPx + SVG_BAR + 90;
            int height = rows.size() * SVG_ROW + 4;
            b.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                    + " font-family=\"monospace\" font-size=\"12\">\n", width, height, width, height));
            int y = 2;
            for (Bucket r : rows) {
                int bar = barLength(r.count(), max, SVG_BAR);
                String tip = r.label() + " " + h.unit() + ": " + Format.thousands(r.count()) + " ("
                    + percent(r.count(), h.total()) + ")";
                b.append("<g><title>").append(Html.escape(tip)).append("</title>");
                b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    labelPx - 6, y + 13, Html.escape(r.label())));
                b.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#4e79a7\"/>", labelPx, y + 2, bar,
                    SVG_ROW - 4));
                b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text></g>\n", labelPx + bar + 4,
                    y + 13, Format.thousands(r.count())));
                y += SVG_ROW;
            }
            b.append("</svg>\n");
        }
        if (h.lost() > 0) {
            b.append("<div style=\"color:#b00\">").append(Html.escape(lostLine(h.lost()))).append("</div>\n");
        }
        return b.append("</div>\n").toString();
    }

    /** Returns the bar's length: proportional to count, at least 1 for any non-zero count. */
    public static int barLength(long count, long max, int width) {
        if (count <= 0 || max <= 0) {
            return 0;
        }
        long len = Math.round((double) count * width / max);
        return (int) Math.max(1, Math.min(width, len));
    }

    /** Returns {@code lost N events} (or {@code event} for one). */
    public static String lostLine(long lost) {
        return "lost " + Format.thousands(lost) + (lost == 1 ? " event" : " events");
    }

    static void appendLost(StringBuilder b, long lost) {
        if (lost > 0) {
            b.append(lostLine(lost)).append('\n');
        }
    }

    static String percent(long part, long total) {
        return total <= 0 ? "0%" : String.format(Locale.ROOT, "%.2f%%", 100.0 * part / total);
    }

    private static String header(Histogram h) {
        StringBuilder b = new StringBuilder(h.title().isEmpty() ? "histogram" : h.title());
        if (!h.unit().isEmpty()) {
            b.append(" (").append(h.unit()).append(')');
        }
        return b.append(": ").append(Format.thousands(h.total())).append(h.total() == 1 ? " event" : " events")
            .toString();
    }

    private static List<Bucket> shown(List<Bucket> buckets) {
        int first = 0;
        int last = buckets.size() - 1;
        while (first <= last && buckets.get(first).count() == 0) {
            first++;
        }
        while (last >= first && buckets.get(last).count() == 0) {
            last--;
        }
        return buckets.subList(first, last + 1);
    }

    private static long maxCount(List<Bucket> rows) {
        long max = 0;
        for (Bucket r : rows) {
            max = Math.max(max, r.count());
        }
        return max;
    }

    static String padRight(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    static String padLeft(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
