package dev.hotscope.jfr.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads back what a jfr-converter flame graph embedded in the report draws. */
final class FlameGraphPages {
    private static final Pattern IFRAME = Pattern.compile("<iframe id=\"([a-z-]+)\"[^>]*srcdoc=\"([^\"]*)\"");

    private FlameGraphPages() {}

    /** The page in the iframe with this id, unescaped; null when there is none. */
    static String page(String html, String id) {
        Matcher m = IFRAME.matcher(html);
        while (m.find()) {
            if (m.group(1).equals(id)) {
                return unescape(m.group(2));
            }
        }
        return null;
    }

    /** Ids of all srcdoc iframes. */
    static List<String> ids(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = IFRAME.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /**
     * The frame names of the graph: jfr-converter's constant pool, sorted, each entry stored as the
     * length of the prefix it shares with the previous one (a character from ' ') and the rest.
     */
    static List<String> frameNames(String page) {
        int start = page.indexOf("const cpool = [\n");
        int end = page.indexOf("\n];", start);
        if (start < 0 || end < 0) {
            throw new AssertionError("no cpool in the flame graph page");
        }
        List<String> names = new ArrayList<>();
        String previous = "";
        for (String line : page.substring(start + "const cpool = [\n".length(), end).split(",\n")) {
            String packed = line.substring(1, line.length() - 1).replace("\\'", "'").replace("\\\\", "\\");
            String name = names.isEmpty() ? packed : previous.substring(0, packed.charAt(0) - ' ') + packed.substring(1);
            names.add(name);
            previous = name;
        }
        return names;
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
            .replace("&amp;", "&");
    }
}
