package dev.hotscope.lab.render;

/** Escapes text for HTML and XML (SVG) content and attribute values. */
public final class Html {
    private Html() {
    }

    /**
     * Returns {@code text} safe inside an element or a quoted attribute, in HTML and in XML:
     * {@code & < > " '} become entities and control characters that XML forbids become U+FFFD.
     *
     * @param text any text; null is rendered as the empty string
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String r = replacement(c);
            if (r != null && b == null) {
                b = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (b != null) {
                if (r != null) {
                    b.append(r);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? text : b.toString();
    }

    private static String replacement(char c) {
        switch (c) {
            case '&': return "&amp;";
            case '<': return "&lt;";
            case '>': return "&gt;";
            case '"': return "&quot;";
            case '\'': return "&#39;";
            case '\t': case '\n': case '\r': return null;
            default:
                boolean forbidden = c < 0x20 || c == 0xFFFE || c == 0xFFFF;
                return forbidden ? "\uFFFD" : null;
        }
    }
}
