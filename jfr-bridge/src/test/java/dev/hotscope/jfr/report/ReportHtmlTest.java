package dev.hotscope.jfr.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page of a known scenario: sections, inline ECharts and data, flame graphs, nothing fetched. */
class ReportHtmlTest {
    @TempDir
    static Path dir;
    static ScenarioRecording scenario;
    static String html;
    static String outcome;
    static boolean inlined;

    @BeforeAll
    static void report() throws Exception {
        try (ScenarioRecording started = ScenarioRecording.start()) {
            scenario = started;
            Path file = scenario.record(dir.resolve("scenario.jfr"));
            Path page = dir.resolve("scenario.html");
            outcome = Report.writeHtml(file, page);
            String whole = Files.readString(page);
            inlined = whole.contains("<script>\n" + HtmlPage.echarts() + "\n</script>");
            // The rest of the assertions read the page without its megabyte of ECharts.
            html = whole.replace(HtmlPage.echarts(), "ECHARTS");
        }
    }

    @Test
    void hasEverySection() {
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>hotscope report: scenario.jfr</title>")
            .contains("id=\"summary\"", "id=\"timeline-section\"", "<div id=\"timeline\" class=\"chart\">",
                "id=\"threads-section\"", "<div id=\"threads\" class=\"chart\">", "id=\"flame-section\"",
                "id=\"histogram-section\"", "<div id=\"kernel-histograms\"", "<div id=\"durations\"",
                "id=\"details-section\"", "id=\"syscall-table\"", "id=\"waker-table\"", "id=\"gc-table\"",
                "id=\"agent-status\"", "id=\"lost-events\"")
            .endsWith("</html>\n");
        assertThat(outcome).startsWith("25 hotscope events, ");
    }

    @Test
    void namesTheThreadsWithTheirKernelIds() {
        assertThat(html).contains("<td>" + ScenarioRecording.WRITER + " (" + scenario.writerTid + ")</td>")
            .contains("<td>" + ScenarioRecording.READER + " (" + scenario.readerTid + ")</td>");
        String data = dataJson();
        assertThat(data).contains("\"lanes\":[\"GC pauses\",\"" + ScenarioRecording.WRITER + " (" + scenario.writerTid
            + ")\",\"" + ScenarioRecording.READER + " (" + scenario.readerTid + ")\"]");
    }

    @Test
    void inlinesEchartsAndTheDataAndFetchesNothing() throws Exception {
        String echarts;
        try (InputStream in = ReportHtmlTest.class.getResourceAsStream(
            "/META-INF/resources/webjars/echarts/5.5.0/echarts.min.js")) {
            echarts = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(inlined).as("echarts.min.js inlined whole in a script element").isTrue();
        assertThat(HtmlPage.echarts()).isEqualTo(echarts);
        assertThat(html.split("<script", -1)).as("script elements: ECharts, data, the page's").hasSize(4);
        assertThat(html.toLowerCase()).doesNotContainPattern("<script[^>]*\\ssrc=")
            .doesNotContainPattern("<link[^>]*href=").doesNotContain("@import").doesNotContain("url(http");
        assertThat(html).doesNotContainPattern("(src|href)=\"https?:");
        // Every timeline wait and both GC pauses are in the data: 9 syscalls, 3 lock waits, 3 off-CPU, 1 run queue.
        String data = dataJson();
        assertThat(count(data, "\\[\\d,[12],\\d+\\.\\d+,")).isEqualTo(16);
        assertThat(count(data.substring(data.indexOf("\"gc\":[")), "\\[\\d+\\.\\d+,\\d+\\.\\d+,\\d+,")).isEqualTo(2);
    }

    @Test
    void flameGraphsAreJfrConverterPagesInSrcdoc() {
        assertThat(FlameGraphPages.ids(html)).containsExactly("flame-offcpu", "flame-syscall", "flame-lock");
        for (String id : FlameGraphPages.ids(html)) {
            String page = FlameGraphPages.page(html, id);
            assertThat(page).as(id).startsWith("<!DOCTYPE html>").contains("<canvas id='canvas'>")
                .contains("function samples(n) { return hotscopeTime(n); }").endsWith("</html>\n");
            assertThat(FlameGraphPages.frameNames(page)).as("kernel frames are left out of " + id)
                .doesNotContain("finish_task_switch", "schedule", "futex_wait");
        }
        assertThat(FlameGraphPages.frameNames(FlameGraphPages.page(html, "flame-offcpu")))
            .contains("com.acme.Cache.refresh", "java.lang.Thread.sleep", "__futex_abstimed_wait_common", "sleeping",
                "blocked", "com.acme.Ledger.read");
        assertThat(FlameGraphPages.frameNames(FlameGraphPages.page(html, "flame-syscall")))
            .contains("com.acme.Ledger.flush", "com.acme.Ledger.append", "__GI___fsync", "fsync", "read", "futex");
        assertThat(FlameGraphPages.frameNames(FlameGraphPages.page(html, "flame-lock")))
            .contains("com.acme.Ledger.read", "java.util.concurrent.locks.LockSupport.park", "futex");
        // A srcdoc attribute ends at the first raw quote: the whole page must have been inside it.
        assertThat(html).doesNotContain("srcdoc=\"\"");
    }

    @Test
    void histogramsMergeTheLatestInKernelCounts() {
        String data = dataJson();
        assertThat(data).contains("\"kernel\":[{\"name\":\"read\",\"count\":20,\"total\":200000,\"p50\":15,\"p99\":8191");
        assertThat(data).contains("\"durations\":{\"names\":[\"off-CPU\",\"syscall\",\"lock\",\"run queue\",\"GC pause\"]");
    }

    private static String dataJson() {
        int start = html.indexOf("<script type=\"application/json\" id=\"hotscope-data\">");
        assertThat(start).isPositive();
        int from = html.indexOf('>', start) + 1;
        return html.substring(from, html.indexOf("</script>", from));
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
