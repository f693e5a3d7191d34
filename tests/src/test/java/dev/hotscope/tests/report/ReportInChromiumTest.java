package dev.hotscope.tests.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.JavaLaunchers;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real agent recording, opened in headless Chromium: no errors, nothing fetched, every
 * chart and flame graph drawn, and a screenshot that is a full page, not a blank one. The error
 * checks are shown to work on pages with deliberate errors.
 */
class ReportInChromiumTest {
    /** Kept for a person to look at: target/report-in-chromium.png. */
    static final Path SCREENSHOT = Path.of("target/report-in-chromium.png");
    /** Counts pixels painted (not white, not transparent) on a canvas, sampling every 16th. */
    private static final String PAINTED = "const painted = c => { if (!c || !c.width || !c.height) return 0;"
        + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
        + " for (let i = 0; i < d.length; i += 64) { if (d[i + 3] > 0 && (d[i] < 245 || d[i + 1] < 245"
        + " || d[i + 2] < 245)) n++; } return n; };";
    private static final String CHECKS = "(() => { " + PAINTED
        + " const chart = id => { const el = document.getElementById(id); if (!el) return {rendered: 'missing'};"
        + " const cs = el.querySelectorAll('canvas');"
        + " return {rendered: el.dataset.rendered || '', canvases: cs.length, painted: cs.length ? painted(cs[0]) : 0}; };"
        + " return JSON.stringify({timeline: chart('timeline'), threads: chart('threads'), durations: chart('durations'),"
        + " kernel: document.querySelectorAll('#kernel-histograms canvas').length,"
        + " flames: Array.from(document.querySelectorAll('iframe.flame')).map(f => { const doc = f.contentDocument;"
        + " const c = doc && doc.getElementById('canvas'); return {id: f.id, canvas: !!c, painted: painted(c)}; })});"
        + " })()";

    @TempDir
    static Path dir;
    static Path recording;
    static Path report;
    static HeadlessChromium chromium;

    @BeforeAll
    static void reportAndBrowser() throws Exception {
        HeadlessChromium.assumeInstalled();
        recording = ReportInputs.agentRecording(dir);
        report = dir.resolve("report.html");
        List<String> command = List.of(JavaLaunchers.current().toString(), "-jar", ReportInputs.DIST_JAR.toString(),
            "report", recording.toString(), "-o", report.toString());
        try (ChildProcess cli = ChildProcess.start("hotscope-report", command, Map.of())) {
            assertThat(cli.awaitExit(Duration.ofSeconds(120))).as("hotscope report\n%s", cli.describe()).isZero();
        }
        chromium = HeadlessChromium.launch(dir.resolve("chromium-profile"));
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void reportRendersWithoutErrorsAndFetchesNothing() throws Exception {
        HeadlessChromium.Page page = chromium.open(report.toUri());
        try {
            assertThat(page.errors()).as("errors in the page").isEmpty();
            assertThat(page.requests()).as("requests of the page").isNotEmpty()
                .allSatisfy(url -> assertThat(url).matches("(file|data|about):.*"));

            Map<String, Object> checks = HeadlessChromium.map(MiniJson.parse((String) page.evaluate(CHECKS)));
            for (String chart : List.of("timeline", "threads", "durations")) {
                Map<String, Object> c = HeadlessChromium.map(checks.get(chart));
                assertThat(c.get("rendered")).as(chart).isEqualTo("true");
                assertThat((Long) c.get("canvases")).as(chart + " canvases").isPositive();
                assertThat((Long) c.get("painted")).as(chart + " painted pixels").isGreaterThan(100);
            }
            if (hasEvents("hotscope.LatencyHistogram")) {
                assertThat((Long) checks.get("kernel")).as("in-kernel histogram charts").isPositive();
            }
            List<Object> flames = HeadlessChromium.list(checks.get("flames"));
            assertThat(flames).extracting(f -> HeadlessChromium.map(f).get("id")).contains("flame-offcpu", "flame-syscall");
            assertThat(flames).allSatisfy(f -> {
                Map<String, Object> flame = HeadlessChromium.map(f);
                assertThat(flame.get("canvas")).as(flame.get("id") + " canvas").isEqualTo(Boolean.TRUE);
                assertThat((Long) flame.get("painted")).as(flame.get("id") + " painted pixels").isGreaterThan(100);
            });

            byte[] png = page.screenshot();
            Files.createDirectories(SCREENSHOT.getParent());
            Files.write(SCREENSHOT, png);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image).as("a PNG").isNotNull();
            assertThat(image.getWidth()).isEqualTo(HeadlessChromium.WIDTH);
            assertThat(image.getHeight()).as("the full page, taller than one screen").isGreaterThan(2000);
            assertThat(colors(image)).as("distinct colors: charts drawn, not a blank page").isGreaterThan(200);
        } finally {
            page.close();
        }
    }

    @Test
    void uncaughtErrorsConsoleErrorsAndFetchesAreCaught() throws Exception {
        Path bad = Files.writeString(dir.resolve("deliberate.html"), "<!DOCTYPE html><html><body><p>x</p>"
            + "<script>console.error('deliberate console error');</script>"
            + "<script>throw new Error('deliberate uncaught error');</script>"
            + "<script src=\"https://cdn.example.com/lib.js\"></script></body></html>");
        HeadlessChromium.Page page = chromium.open(bad.toUri());
        try {
            assertThat(page.errors()).anySatisfy(e -> assertThat(e).isEqualTo("console.error: deliberate console error"))
                .anySatisfy(e -> assertThat(e).startsWith("uncaught: Error: deliberate uncaught error"))
                .anySatisfy(e -> assertThat(e).startsWith("log: ").contains("cdn.example.com/lib.js"));
            assertThat(page.requests()).contains("https://cdn.example.com/lib.js");
        } finally {
            page.close();
        }
    }

    @Test
    void errorsInsideSrcdocFramesAreCaught() throws Exception {
        // The flame graphs are srcdoc iframes: an error in one must show as well.
        Path bad = Files.writeString(dir.resolve("frame-error.html"), "<!DOCTYPE html><html><body>"
            + "<iframe srcdoc=\"&lt;script&gt;throw new Error('deliberate error in a frame')&lt;/script&gt;\"></iframe>"
            + "</body></html>");
        HeadlessChromium.Page page = chromium.open(bad.toUri());
        try {
            assertThat(page.errors()).anySatisfy(e -> assertThat(e).contains("deliberate error in a frame"));
        } finally {
            page.close();
        }
    }

    private static boolean hasEvents(String type) throws Exception {
        try (RecordingFile f = new RecordingFile(recording)) {
            while (f.hasMoreEvents()) {
                if (f.readEvent().getEventType().getName().equals(type)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int colors(BufferedImage image) {
        Set<Integer> colors = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colors.add(image.getRGB(x, y));
            }
        }
        return colors.size();
    }
}
