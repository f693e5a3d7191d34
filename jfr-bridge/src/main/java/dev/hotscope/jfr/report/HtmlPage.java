package dev.hotscope.jfr.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the report page: everything inline (ECharts, the data, the flame graphs in {@code srcdoc}
 * iframes), so the single file works offline and fetches nothing.
 */
final class HtmlPage {
    private static final String ECHARTS_POM = "/META-INF/maven/org.webjars/echarts/pom.properties";
    private static final String ECHARTS_VERSION = "5.5.0";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
        .withZone(ZoneOffset.UTC);
    /** jfr-converter's page counts "samples"; our weights are nanoseconds, so its label is replaced. */
    private static final String FLAME_UNITS = "<script>function samples(n) { return hotscopeTime(n); }\n"
        + "function hotscopeTime(ns) { const u = [[1e9, ' s'], [1e6, ' ms'], [1e3, ' us']];"
        + " for (const [d, s] of u) { if (ns >= d) return (ns / d).toPrecision(3) + s; } return ns + ' ns'; }"
        + "</script>";
    static final int FLAME_MAX_HEIGHT = 2000;
    private static final Pattern CANVAS_HEIGHT = Pattern.compile("#canvas \\{[^}]*height: (\\d{1,5})px");

    private final Findings f;
    private final Writer out;

    private HtmlPage(Findings findings, Writer out) {
        this.f = findings;
        this.out = out;
    }

    static void write(Findings findings, Writer out) throws IOException {
        new HtmlPage(findings, out).page();
    }

    private void page() throws IOException {
        ChartData charts = new ChartData(f);
        String data = charts.json();
        w("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w("<title>hotscope report: " + esc(String.valueOf(f.file.getFileName())) + "</title>\n<style>\n");
        w(resource("report.css"));
        w("</style>\n</head>\n<body>\n");
        header();
        w("<nav><a href=\"#timeline-section\">Timeline</a> <a href=\"#threads-section\">Threads</a>"
            + " <a href=\"#flame-section\">Flame graphs</a> <a href=\"#histogram-section\">Histograms</a>"
            + " <a href=\"#details-section\">Syscalls, locks, GC</a></nav>\n");
        timeline(charts);
        threads();
        flameGraphs();
        histograms();
        details();
        w("<script>\n");
        w(echarts());
        w("\n</script>\n<script type=\"application/json\" id=\"hotscope-data\">");
        w(data);
        w("</script>\n<script>\n");
        w(resource("report.js"));
        w("</script>\n</body>\n</html>\n");
    }

    private void header() throws IOException {
        RecordingFacts facts = f.facts;
        w("<header id=\"summary\">\n<h1>hotscope report</h1>\n<table class=\"facts\">\n");
        row("File", f.file.toAbsolutePath().toString());
        if (facts.events > 0) {
            row("Recording", TIME.format(instant(facts.firstNanos)) + " to " + TIME.format(instant(facts.lastNanos))
                + " UTC (" + Nanos.format(facts.spanNanos()) + ")");
        }
        if (!facts.jvm.isEmpty()) {
            row("JVM", facts.jvm + (facts.pid > 0 ? " (pid " + facts.pid + ")" : ""));
        }
        row("Events", facts.events + " (" + facts.hotscopeEvents() + " hotscope, " + facts.jdkEvents + " JDK)");
        row("Lost events", facts.lost.isEmpty() ? "none reported" : facts.lostTotal() + " in all");
        w("</table>\n");
        if (!f.hasHotscopeEvents()) {
            w("<p class=\"warning\" id=\"no-hotscope-events\">No hotscope events in this recording: record with the"
                + " agent (<code>file=FILE.jfr</code>), or enable the hotscope.* events in the JVM's own recording"
                + " while the agent runs. The JDK's GC pauses are shown.</p>\n");
        } else {
            w("<table class=\"counts\" id=\"event-counts\"><tr><th>Event type</th><th>Count</th></tr>\n");
            for (Map.Entry<String, Long> e : facts.hotscopeCounts.entrySet()) {
                w("<tr><td>" + esc(e.getKey()) + "</td><td class=\"num\">" + e.getValue() + "</td></tr>\n");
            }
            w("</table>\n");
        }
        if (!facts.lost.isEmpty()) {
            w("<table class=\"counts\" id=\"lost-events\"><tr><th>Lost by</th><th>Records</th></tr>\n");
            for (Map.Entry<String, Long> e : facts.lost.entrySet()) {
                w("<tr><td>" + esc(e.getKey()) + "</td><td class=\"num\">" + e.getValue() + "</td></tr>\n");
            }
            w("</table>\n");
        }
        if (!facts.agentStatus.isEmpty()) {
            w("<ul class=\"status\" id=\"agent-status\">\n");
            for (String s : facts.agentStatus) {
                w("<li>" + esc(s) + "</li>\n");
            }
            if (facts.agentStatusDropped > 0) {
                w("<li>" + facts.agentStatusDropped + " more status lines left out</li>\n");
            }
            w("</ul>\n");
        }
        w("</header>\n");
    }

    private void timeline(ChartData charts) throws IOException {
        GcPauses gc = f.gc();
        w("<section id=\"timeline-section\">\n<h2>Timeline</h2>\n<p class=\"note\">GC pauses (" + esc(gc.source())
            + ", red bands across all lanes) and the waits of the threads around them. Drag or scroll to zoom.");
        if (f.timeline.truncated()) {
            w(" Showing the " + Timeline.MAX_WAITS + " longest of " + f.timeline.offered() + " waits.");
        }
        if (charts.waitsLeftOut() > 0) {
            w(" " + charts.waitsLeftOut() + " of them are of threads beyond the top " + ChartData.TIMELINE_LANES
                + " by waited time and are not drawn.");
        }
        if (gc.truncated()) {
            w(" Showing the " + GcPauses.MAX_KEPT + " longest of " + gc.count() + " GC pauses.");
        }
        w("</p>\n<div id=\"timeline\" class=\"chart\"></div>\n</section>\n");
    }

    private void threads() throws IOException {
        w("<section id=\"threads-section\">\n<h2>Where the threads' time went</h2>\n<p class=\"note\">Waits over the"
            + " agent's thresholds, summed per thread, the application's threads before the JVM's own (GC,"
            + " compilers, JFR); " + esc(SummaryText.OVERLAP) + ".</p>\n");
        w("<div id=\"threads\" class=\"chart\"></div>\n");
        List<ThreadTimes.Totals> top = f.threads.top(ChartData.BREAKDOWN_THREADS);
        if (top.isEmpty()) {
            w("<p>No waits of threads in this recording.</p>\n</section>\n");
            return;
        }
        w("<table id=\"thread-table\"><tr><th>Thread</th>");
        for (WaitKind k : WaitKind.values()) {
            w("<th>" + esc(k.label()) + "</th>");
        }
        w("</tr>\n");
        for (ThreadTimes.Totals t : top) {
            w("<tr><td>" + esc(t.thread.label()) + "</td>");
            for (WaitKind k : WaitKind.values()) {
                w("<td class=\"num\">" + (t.count(k) == 0 ? "-" : Nanos.format(t.nanos(k)) + " in " + t.count(k))
                    + "</td>");
            }
            w("</tr>\n");
        }
        w("</table>\n</section>\n");
    }

    private void flameGraphs() throws IOException {
        w("<section id=\"flame-section\">\n<h2>Flame graphs</h2>\n<p class=\"note\">Time by stack, drawn by"
            + " async-profiler's jfr-converter: widths are waited time; the top frame (kernel color) names the"
            + " syscall, off-CPU reason or lock kind; kernel frames are left out. Click to zoom, Ctrl+F to"
            + " search.</p>\n");
        flameGraph("flame-offcpu", f.offCpuProfile(), "off-CPU events (hotscope.OffCpu or hotscope.OffCpuStack)");
        flameGraph("flame-syscall", f.syscallByStack, "syscall events (hotscope.SyscallLatency)");
        flameGraph("flame-lock", f.lockByStack, "lock wait events (hotscope.LockWait)");
        w("</section>\n");
    }

    private void flameGraph(String id, StackProfile profile, String source) throws IOException {
        w("<h3>" + esc(profile.title()) + "</h3>\n");
        if (profile.isEmpty()) {
            w("<p class=\"empty\" id=\"" + id + "-empty\">No " + esc(source) + " in this recording.</p>\n");
            return;
        }
        if (profile.overflowNanos() > 0) {
            w("<p class=\"note\">More than " + StackProfile.MAX_STACKS + " distinct stacks: "
                + Nanos.format(profile.overflowNanos()) + " of later new stacks is lumped together.</p>\n");
        }
        String page = profile.flameGraphPage();
        int end = page.lastIndexOf("</body>");
        page = end < 0 ? page + FLAME_UNITS : page.substring(0, end) + FLAME_UNITS + page.substring(end);
        int height = Math.min(FLAME_MAX_HEIGHT, canvasHeight(page) + 110);
        w("<iframe id=\"" + id + "\" class=\"flame\" title=\"" + esc(profile.title()) + "\" style=\"height: "
            + height + "px\" srcdoc=\"");
        w(esc(page));
        w("\"></iframe>\n");
    }

    private void histograms() throws IOException {
        w("<section id=\"histogram-section\">\n<h2>Latency histograms</h2>\n");
        if (f.kernelHistograms.isEmpty()) {
            w("<p class=\"empty\">No in-kernel histograms (hotscope.LatencyHistogram) in this recording.</p>\n");
        } else {
            w("<p class=\"note\">Every call, counted in the kernel (log2 buckets), merged over threads: the "
                + ChartData.KERNEL_HISTOGRAMS + " syscalls with the most time, and run-queue latency.</p>\n");
            if (f.kernelHistograms.dropped() > 0) {
                w("<p class=\"note\">" + f.kernelHistograms.dropped() + " histograms beyond "
                    + KernelHistograms.MAX_KEYS + " threads and syscalls left out.</p>\n");
            }
        }
        w("<div id=\"kernel-histograms\" class=\"grid\"></div>\n");
        w("<h3>Durations of the recorded events</h3>\n<p class=\"note\">Only events over the agent's thresholds;"
            + " log2 buckets.</p>\n<div id=\"durations\" class=\"chart\"></div>\n</section>\n");
    }

    private void details() throws IOException {
        w("<section id=\"details-section\">\n<h2>Syscalls, locks, GC</h2>\n");
        List<SyscallRows.Row> rows = SyscallRows.top(f, 20);
        if (!rows.isEmpty()) {
            w("<h3>Syscalls by total latency</h3>\n<table id=\"syscall-table\"><tr><th>Syscall</th><th>All calls</th>"
                + "<th>Total</th><th>p50</th><th>p99</th><th>Slow calls</th><th>Slow total</th><th>Longest</th></tr>\n");
            for (SyscallRows.Row r : rows) {
                Log2Counts basis = r.basis();
                w("<tr><td>" + esc(r.name()) + "</td>" + num(r.all() == null ? "-" : "" + r.all().count())
                    + num(r.all() == null ? "-" : Nanos.format(r.all().totalNanos()))
                    + num("&le; " + Nanos.micros(basis.percentileMicros(0.5)))
                    + num("&le; " + Nanos.micros(basis.percentileMicros(0.99)))
                    + num(r.slow() == null ? "-" : "" + r.slow().durations.count())
                    + num(r.slow() == null ? "-" : Nanos.format(r.slow().durations.totalNanos()))
                    + num(r.slow() == null ? "-" : Nanos.format(r.slow().longest)) + "</tr>\n");
            }
            w("</table>\n");
        }
        if (!f.lockWakers.isEmpty()) {
            w("<h3>Lock waits by waker</h3>\n<table id=\"waker-table\"><tr><th>Woken by</th><th>Waits</th>"
                + "<th>Wait ended</th><th>Longest</th></tr>\n");
            for (NamedStats.Stat s : f.lockWakers.top(10)) {
                w("<tr><td>" + esc(s.name) + "</td>" + num("" + s.durations.count())
                    + num(Nanos.format(s.durations.totalNanos())) + num(Nanos.format(s.longest)) + "</tr>\n");
            }
            w("</table>\n");
        }
        GcPauses gc = f.gc();
        if (gc.count() > 0) {
            w("<h3>Longest GC pauses (" + esc(gc.source()) + ")</h3>\n<p>" + gc.count() + " pauses, "
                + Nanos.format(gc.totalNanos()) + " in all"
                + (gc.hasStarvation() ? "; starvation mean " + Nanos.percent(gc.meanStarvation()) + ", max "
                    + Nanos.percent(gc.maxStarvation()) + ", " + gc.starved() + " pauses at &ge; "
                    + Nanos.percent(GcPauses.STARVED) : "") + "</p>\n");
            w("<table id=\"gc-table\"><tr><th>At</th><th>Pause</th><th>What</th></tr>\n");
            List<GcPauses.Pause> longest = gc.longest();
            for (int i = 0; i < Math.min(10, longest.size()); i++) {
                GcPauses.Pause p = longest.get(i);
                w("<tr>" + num("+" + Nanos.format(p.startNanos() - f.facts.firstNanos)) + num(Nanos.format(p.nanos()))
                    + "<td>" + esc(ChartData.gcDetail(p)) + "</td></tr>\n");
            }
            w("</table>\n");
        }
        StackProfile offCpu = f.offCpuProfile();
        if (!offCpu.isEmpty()) {
            w("<h3>Stacks by off-CPU time</h3>\n<ol id=\"stack-list\">\n");
            for (StackProfile.Entry e : offCpu.top(SummaryText.TOP_STACKS)) {
                w("<li><b>" + Nanos.format(e.nanos()) + "</b> " + esc(e.leaf()) + ", " + e.count() + " intervals, "
                    + esc(String.join(", ", e.threads())) + "<pre>"
                    + esc(shortStack(e)) + "</pre></li>\n");
            }
            w("</ol>\n");
        }
        w("</section>\n");
    }

    /** The height jfr-converter gave its canvas (16 px a level), so the iframe shows it without scrolling. */
    static int canvasHeight(String page) {
        Matcher m = CANVAS_HEIGHT.matcher(page);
        return m.find() ? Integer.parseInt(m.group(1)) : 600;
    }

    private static String shortStack(StackProfile.Entry e) {
        List<String> lines = StackProfile.shortStack(e.frames(), SummaryText.STACK_LINES);
        return lines.isEmpty() ? "(no stack)" : String.join("\n", lines);
    }

    private static String num(String html) {
        return "<td class=\"num\">" + html + "</td>";
    }

    private void row(String name, String value) throws IOException {
        w("<tr><th>" + esc(name) + "</th><td>" + esc(value) + "</td></tr>\n");
    }

    private void w(String s) throws IOException {
        out.write(s);
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the report's " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ECharts from its webjar; its code holds no {@code </script>}, which would end the element early. */
    static String echarts() {
        String version = ECHARTS_VERSION;
        try (InputStream in = HtmlPage.class.getResourceAsStream(ECHARTS_POM)) {
            if (in != null) {
                Properties pom = new Properties();
                pom.load(in);
                version = pom.getProperty("version", version);
            }
        } catch (IOException e) {
            // keep the version this build was made with
        }
        String path = "/META-INF/resources/webjars/echarts/" + version + "/echarts.min.js";
        String script = resource(path);
        if (script.toLowerCase(Locale.ROOT).contains("</script")) {
            throw new IllegalStateException(path + " holds </script> and cannot be inlined");
        }
        return script;
    }
}
