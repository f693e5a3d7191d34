package dev.hotscope.lab.render;

import dev.hotscope.lab.FlameGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link FlameGraph} as folded stacks and as an SVG flame graph: root at the bottom, each frame
 * as wide as its weight, Java frames green, native frames orange, kernel frames ({@code [k] }) red, a
 * {@code <title>} tooltip per frame and labels cut to fit.
 */
public final class FlameRenderer {
    /** The standalone SVG's width in pixels. */
    public static final int WIDTH = 1200;
    /** The height of one frame in pixels. */
    public static final int FRAME_HEIGHT = 16;

    private static final int PAD = 10;
    private static final int TOP = 28;
    private static final double CHAR_WIDTH = 7.0;
    private static final double MIN_WIDTH = 0.1;

    private FlameRenderer() {
    }

    /** Returns one line per stack, frames root first joined by {@code ;} and the weight, sorted. */
    public static String folded(FlameGraph g) {
        TreeMap<String, Long> lines = new TreeMap<>();
        for (Map.Entry<List<String>, Long> e : g.stacks().entrySet()) {
            List<String> stack = e.getKey();
            StringBuilder b = new StringBuilder();
            for (int i = stack.size() - 1; i >= 0; i--) {
                if (b.length() > 0) {
                    b.append(';');
                }
                b.append(foldable(stack.get(i)));
            }
            lines.merge(b.length() == 0 ? "[no frames]" : b.toString(), e.getValue(), Long::sum);
        }
        StringBuilder out = new StringBuilder();
        lines.forEach((stack, weight) -> out.append(stack).append(' ').append(weight).append('\n'));
        if (lines.isEmpty()) {
            out.append("(no events)\n");
        }
        HistogramRenderer.appendLost(out, g.lost());
        return out.toString();
    }

    /** Returns a standalone SVG document ({@code <?xml ...?><svg ...>}). */
    public static String svg(FlameGraph g) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n" + svgElement(g, false);
    }

    /** Returns a {@code <div>} with the SVG inline, scaled to the available width. */
    public static String html(FlameGraph g) {
        return "<div class=\"hotscope-flame\">\n" + svgElement(g, true) + "</div>\n";
    }

    /** Returns a complete HTML page holding {@link #html(FlameGraph)}. */
    public static String page(FlameGraph g) {
        String title = Html.escape(g.title().isEmpty() ? "flame graph" : g.title());
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head>\n<body>\n"
            + html(g) + "</body></html>\n";
    }

    /** The colour family of a frame. */
    public enum Kind {
        /** A Java method, e.g. {@code com.acme.Foo.bar}. */
        JAVA,
        /** Native code, e.g. {@code libc.so.6:read} or {@code [unknown]}. */
        NATIVE,
        /** Kernel code, marked {@code [k] }. */
        KERNEL,
        /** The synthetic root and placeholders such as {@code (no stack)}. */
        OTHER;

        /** Returns the kind of the frame named {@code frame}. */
        public static Kind of(String frame) {
            if (frame.startsWith("[k] ")) {
                return KERNEL;
            }
            if (frame.startsWith("(") || frame.equals("all")) {
                return OTHER;
            }
            boolean javaWithLine = frame.contains("(");
            if (frame.startsWith("[") || frame.contains(".so") || frame.contains(":") && !javaWithLine
                || !frame.contains(".")) {
                return NATIVE;
            }
            return JAVA;
        }
    }

    /** Returns the fill colour of a frame: its kind's hue, varied by its name so neighbours differ. */
    public static String colour(String frame) {
        int h = frame.hashCode();
        int v1 = Math.floorMod(h, 50);
        int v2 = Math.floorMod(h >>> 8, 50);
        switch (Kind.of(frame)) {
            case JAVA: return rgb(60 + v1, 170 + v2, 60 + v1 / 2);
            case NATIVE: return rgb(230 + v1 / 2, 140 + v2, 40 + v1 / 2);
            case KERNEL: return rgb(205 + v1, 70 + v2 / 2, 70 + v2 / 2);
            default: return rgb(180 + v1 / 5, 180 + v1 / 5, 190 + v1 / 5);
        }
    }

    private static String svgElement(FlameGraph g, boolean inline) {
        Node root = tree(g);
        int depth = root.depth();
        int height = TOP + (depth + 1) * FRAME_HEIGHT + PAD + (g.lost() > 0 ? FRAME_HEIGHT : 0);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" %s"
                + " viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"12\" class=\"hotscope-flame-svg\">\n",
            inline ? "width=\"100%\" style=\"max-width:" + WIDTH + "px\""
                : "width=\"" + WIDTH + "\" height=\"" + height + "\"",
            WIDTH, height, WIDTH, height));
        b.append("<style>.hotscope-flame-svg g:hover > rect { stroke: #000; stroke-width: 0.6; }</style>\n");
        b.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fbfbf4\"/>\n",
            WIDTH, height));
        String heading = (g.title().isEmpty() ? "flame graph" : g.title()) + ": " + amount(root.value, g.unit());
        b.append(String.format(Locale.ROOT,
            "<text x=\"%d\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">%s</text>\n", WIDTH / 2,
            Html.escape(heading)));
        if (root.value == 0) {
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">(no events)</text>\n",
                WIDTH / 2, TOP + FRAME_HEIGHT - 4));
        } else {
            double scale = (WIDTH - 2.0 * PAD) / root.value;
            int bottom = TOP + (depth + 1) * FRAME_HEIGHT;
            frame(b, root, PAD, 0, scale, bottom, root.value, g.unit());
        }
        if (g.lost() > 0) {
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#b00\">%s</text>\n", PAD,
                height - PAD / 2 - 2, Html.escape(HistogramRenderer.lostLine(g.lost()))));
        }
        return b.append("</svg>\n").toString();
    }

    private static void frame(StringBuilder b, Node n, double x, int level, double scale, int bottom, long total,
            String unit) {
        double w = n.value * scale;
        if (w < MIN_WIDTH) {
            return;
        }
        int y = bottom - (level + 1) * FRAME_HEIGHT;
        b.append("<g><title>").append(Html.escape(n.name + " (" + amount(n.value, unit) + ", "
            + HistogramRenderer.percent(n.value, total) + ")")).append("</title>");
        b.append(String.format(Locale.ROOT,
            "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" rx=\"2\" fill=\"%s\"/>", x, y, w,
            FRAME_HEIGHT - 1, colour(n.name)));
        String label = label(n.name, w);
        if (!label.isEmpty()) {
            b.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%d\">%s</text>", x + 3, y + FRAME_HEIGHT - 4,
                Html.escape(label)));
        }
        b.append("</g>\n");
        double childX = x;
        for (Node child : n.children.values()) {
            frame(b, child, childX, level + 1, scale, bottom, total, unit);
            childX += child.value * scale;
        }
    }

    /** Returns the part of {@code name} that fits {@code width} pixels, cut with "..", or "" if too narrow. */
    static String label(String name, double width) {
        int fit = (int) ((width - 6) / CHAR_WIDTH);
        if (fit < 3) {
            return "";
        }
        return name.length() <= fit ? name : name.substring(0, fit - 2) + "..";
    }

    private static String amount(long value, String unit) {
        return unit.equals("ns") ? Format.human(value) : Format.thousands(value) + (unit.isEmpty() ? "" : " " + unit);
    }

    private static String foldable(String frame) {
        return frame.replace(';', ',').replace('\n', ' ').replace('\r', ' ');
    }

    private static Node tree(FlameGraph g) {
        Node root = new Node("all");
        for (Map.Entry<List<String>, Long> e : g.stacks().entrySet()) {
            long weight = e.getValue();
            Node n = root;
            n.value += weight;
            List<String> stack = e.getKey();
            for (int i = stack.size() - 1; i >= 0; i--) {
                n = n.children.computeIfAbsent(stack.get(i), Node::new);
                n.value += weight;
            }
        }
        return root;
    }

    private static final class Node {
        final String name;
        final TreeMap<String, Node> children = new TreeMap<>();
        long value;

        Node(String name) {
            this.name = name;
        }

        int depth() {
            // Iterative: stacks can be thousands of frames deep (recursion in the target).
            int max = 0;
            List<Node> level = List.of(this);
            while (true) {
                List<Node> next = new ArrayList<>();
                for (Node n : level) {
                    next.addAll(n.children.values());
                }
                if (next.isEmpty()) {
                    return max;
                }
                max++;
                level = next;
            }
        }
    }

    private static String rgb(int r, int g, int b) {
        return "rgb(" + Math.min(255, r) + "," + Math.min(255, g) + "," + Math.min(255, b) + ")";
    }
}
