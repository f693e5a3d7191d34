package dev.hotscope.lab.bpftrace;

import dev.hotscope.lab.Histogram;
import dev.hotscope.lab.render.Html;
import java.util.Map;

/** The HTML of a result: scalars as lines, keyed maps as tables, histograms as the lab's charts. */
final class ResultHtml {
    private ResultHtml() {}

    static String of(BpftraceResult result) {
        StringBuilder out = new StringBuilder("<div class=\"hotscope-bpftrace\" style=\"font-family:monospace\">\n");
        for (Map.Entry<String, Object> e : result.maps().entrySet()) {
            map(out, e.getKey(), e.getValue());
        }
        if (result.maps().isEmpty()) {
            out.append("<div>(no maps)</div>\n");
        }
        if (result.lost() > 0) {
            out.append("<div style=\"color:#b00\">").append(Html.escape(ResultText.lostLine(result.lost())))
                .append("</div>\n");
        }
        if (!result.errors().isEmpty() || result.exitCode() != 0) {
            out.append("<pre style=\"color:#b00\">");
            result.errors().forEach(e -> out.append(Html.escape("bpftrace: " + e)).append('\n'));
            if (result.exitCode() != 0) {
                out.append("bpftrace exited with code ").append(result.exitCode()).append('\n');
            }
            out.append("</pre>\n");
        }
        return out.append("</div>\n").toString();
    }

    private static void map(StringBuilder out, String name, Object value) {
        if (value instanceof Histogram h) {
            out.append(h.toHtml());
        } else if (value instanceof Map<?, ?> keyed && keyed.values().stream().allMatch(v -> v instanceof Histogram)) {
            keyed.values().forEach(h -> out.append(((Histogram) h).toHtml()));
        } else if (value instanceof Map<?, ?> keyed) {
            out.append("<table style=\"border-collapse:collapse;margin:4px 0\">\n<caption style=\"text-align:left;"
                + "font-weight:bold\">").append(Html.escape(name)).append("</caption>\n");
            for (Map.Entry<?, ?> e : keyed.entrySet()) {
                out.append("<tr><td style=\"padding:0 12px 0 0;white-space:pre\">").append(Html.escape(String.valueOf(e.getKey())))
                    .append("</td><td style=\"text-align:right\">").append(Html.escape(MapText.scalar(e.getValue())))
                    .append("</td></tr>\n");
            }
            out.append("</table>\n");
        } else {
            out.append("<div><b>").append(Html.escape(name)).append("</b>: ").append(Html.escape(MapText.scalar(value)))
                .append("</div>\n");
        }
    }
}
