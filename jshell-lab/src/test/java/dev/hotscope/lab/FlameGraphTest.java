package dev.hotscope.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotscope.lab.render.FlameRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class FlameGraphTest {
    private static FlameGraph sample() {
        Map<List<String>, Long> stacks = new LinkedHashMap<>();
        stacks.put(List.of("com.acme.Work.b", "com.acme.Work.a", "com.acme.Main.main"), 30L);
        stacks.put(List.of("com.acme.Work.c", "com.acme.Work.a", "com.acme.Main.main"), 10L);
        stacks.put(List.of("[k] do_sys_poll", "libc.so.6:poll", "com.acme.Io.<lambda>", "com.acme.Main.main"), 60L);
        return new FlameGraph("cpu", "events", stacks);
    }

    @Test
    void foldedLinesAreRootFirstAndSorted() {
        assertThat(sample().toText()).isEqualTo(
            "com.acme.Main.main;com.acme.Io.<lambda>;libc.so.6:poll;[k] do_sys_poll 60\n"
                + "com.acme.Main.main;com.acme.Work.a;com.acme.Work.b 30\n"
                + "com.acme.Main.main;com.acme.Work.a;com.acme.Work.c 10\n");
        assertThat(sample().total()).isEqualTo(100);
        assertThat(sample().toString()).isEqualTo(sample().toText());
    }

    @Test
    void foldedReplacesSemicolonsInFramesAndEndsWithLost() {
        FlameGraph g = new FlameGraph("", "events", Map.of(List.of("Foo.bar(Ljava/lang/String;)V"), 2L), 5);
        assertThat(g.toText()).isEqualTo("Foo.bar(Ljava/lang/String,)V 2\nlost 5 events\n");
        assertThat(new FlameGraph("", "ns", Map.of()).toText()).isEqualTo("(no events)\n");
    }

    @Test
    void svgIsWellFormedWithRootAtTheBottomAndWidthsProportional() throws Exception {
        String svg = sample().toSvg();
        assertThat(svg).startsWith("<?xml").doesNotContain("<script").doesNotContain("href");
        var doc = Xml.parse(svg);
        Map<String, double[]> frames = frames(doc.getElementsByTagName("g"));
        double[] all = frames.get("all");
        double[] main = frames.get("com.acme.Main.main");
        double[] a = frames.get("com.acme.Work.a");
        double[] b = frames.get("com.acme.Work.b");
        double[] c = frames.get("com.acme.Work.c");
        double[] lambda = frames.get("com.acme.Io.<lambda>");
        // {x, y, width}: root lowest (largest y), children above their parents.
        assertThat(all[1]).isGreaterThan(main[1]);
        assertThat(main[1]).isGreaterThan(a[1]);
        assertThat(a[1]).isGreaterThan(b[1]);
        assertThat(all[2]).isCloseTo(main[2], within());
        assertThat(a[2] + lambda[2]).isCloseTo(main[2], within());
        assertThat(b[2] + c[2]).isCloseTo(a[2], within());
        assertThat(b[2]).isCloseTo(3 * c[2], within());
        assertThat(lambda[2]).isCloseTo(0.6 * all[2], within());
        // Siblings sit side by side within the parent.
        assertThat(Math.min(b[0], c[0])).isCloseTo(a[0], within());
        assertThat(all[2]).isCloseTo(FlameRenderer.WIDTH - 20, within());
    }

    @Test
    void tooltipsNameValueAndPercentAndFramesAreEscaped() {
        String svg = sample().toSvg();
        assertThat(svg).contains("<title>com.acme.Io.&lt;lambda&gt; (60 events, 60.00%)</title>")
            .contains("<title>all (100 events, 100.00%)</title>").doesNotContain("<lambda>");
        FlameGraph timed = new FlameGraph("", "ns", Map.of(List.of("a.B.c"), 2_500_000L));
        assertThat(timed.toSvg()).contains("a.B.c (2.50 ms, 100.00%)");
    }

    @Test
    void framesAreColouredByKind() {
        assertThat(FlameRenderer.Kind.of("com.acme.Foo.bar")).isEqualTo(FlameRenderer.Kind.JAVA);
        assertThat(FlameRenderer.Kind.of("java.util.List<T>.lambda$0")).isEqualTo(FlameRenderer.Kind.JAVA);
        assertThat(FlameRenderer.Kind.of("libc.so.6:read")).isEqualTo(FlameRenderer.Kind.NATIVE);
        assertThat(FlameRenderer.Kind.of("[unknown]")).isEqualTo(FlameRenderer.Kind.NATIVE);
        assertThat(FlameRenderer.Kind.of("malloc")).isEqualTo(FlameRenderer.Kind.NATIVE);
        assertThat(FlameRenderer.Kind.of("[k] do_sys_poll")).isEqualTo(FlameRenderer.Kind.KERNEL);
        assertThat(red(FlameRenderer.colour("[k] x"))).isGreaterThan(green(FlameRenderer.colour("[k] x")));
        assertThat(green(FlameRenderer.colour("a.B.c"))).isGreaterThan(red(FlameRenderer.colour("a.B.c")));
        assertThat(red(FlameRenderer.colour("libc.so.6:read"))).isGreaterThan(200);
    }

    @Test
    void labelsAreCutToTheFrameWidth() throws Exception {
        Map<List<String>, Long> stacks = new LinkedHashMap<>();
        stacks.put(List.of("com.acme.AVeryLongClassNameThatCannotFit.method"), 5L);
        stacks.put(List.of("com.acme.Big.work"), 995L);
        var doc = Xml.parse(new FlameGraph("", "events", stacks).toSvg());
        NodeList texts = doc.getElementsByTagName("text");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            labels.add(texts.item(i).getTextContent());
        }
        assertThat(labels).contains("com.acme.Big.work").noneMatch(l -> l.contains("AVeryLong"));
    }

    @Test
    void htmlIsAnInlineFragmentThatScales() throws Exception {
        String html = sample().toHtml();
        assertThat(html).startsWith("<div").doesNotContain("<?xml").contains("width=\"100%\"").doesNotContain("<script");
        Xml.parse(html);
        assertThat(new FlameGraph("t", "events", Map.of(), 3).toHtml()).contains("(no events)").contains("lost 3 events");
    }

    @Test
    void saveChoosesTheFormatByExtension(@TempDir Path dir) throws Exception {
        FlameGraph g = sample();
        assertThat(Files.readString(g.save(dir.resolve("f.svg")))).isEqualTo(g.toSvg());
        assertThat(Files.readString(g.save(dir.resolve("f.folded")))).isEqualTo(g.toText());
        String page = Files.readString(g.save(dir.resolve("f.HTML")));
        assertThat(page).startsWith("<!DOCTYPE html>").contains(g.toHtml());
        assertThatThrownBy(() -> g.save(dir.resolve("f.png"))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(".svg, .html");
    }

    @Test
    void rejectsBadStacks() {
        assertThatThrownBy(() -> new FlameGraph("", "ns", Map.of(List.of("a"), -1L)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 or more");
        assertThatThrownBy(() -> new FlameGraph("", null, Map.of())).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("unit");
    }

    private static Map<String, double[]> frames(NodeList groups) {
        Map<String, double[]> frames = new LinkedHashMap<>();
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            String title = g.getElementsByTagName("title").item(0).getTextContent();
            Element rect = (Element) g.getElementsByTagName("rect").item(0);
            frames.put(title.substring(0, title.lastIndexOf(" (")), new double[] {
                Double.parseDouble(rect.getAttribute("x")), Double.parseDouble(rect.getAttribute("y")),
                Double.parseDouble(rect.getAttribute("width"))});
        }
        return frames;
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.05);
    }

    private static int red(String rgb) {
        return Integer.parseInt(rgb.substring(4, rgb.length() - 1).split(",")[0]);
    }

    private static int green(String rgb) {
        return Integer.parseInt(rgb.substring(4, rgb.length() - 1).split(",")[1]);
    }
}
