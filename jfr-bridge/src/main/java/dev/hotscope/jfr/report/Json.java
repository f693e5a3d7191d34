package dev.hotscope.jfr.report;

import java.util.Locale;

/**
 * The little JSON the page's script reads. Strings escape {@code <}, {@code >} and {@code &} as well,
 * so the JSON can sit inside a {@code <script>} element whatever the thread names hold.
 */
final class Json {
    private Json() {}

    static StringBuilder string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"');
    }

    /** Milliseconds with microsecond digits: what ECharts' time axis takes. */
    static StringBuilder millis(StringBuilder out, long nanos) {
        return out.append(String.format(Locale.ROOT, "%.3f", nanos / 1e6));
    }
}
