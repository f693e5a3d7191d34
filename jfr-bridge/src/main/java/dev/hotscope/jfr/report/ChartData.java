package dev.hotscope.jfr.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The data of the page's ECharts charts, as one JSON object its script reads. */
final class ChartData {
    /** Thread lanes of the timeline, besides the GC lane. */
    static final int TIMELINE_LANES = 40;
    static final int BREAKDOWN_THREADS = 20;
    static final int KERNEL_HISTOGRAMS = 12;
    static final String[] KIND_COLORS = {"#7f7f9f", "#3b7dd8", "#e8892b", "#3aa45b"};
    static final String GC_COLOR = "#d62728";

    private final Findings f;
    private long waitsLeftOut;

    ChartData(Findings findings) {
        this.f = findings;
    }

    /** Waits of the timeline's candidates whose thread had no lane. */
    long waitsLeftOut() {
        return waitsLeftOut;
    }

    String json() {
        StringBuilder out = new StringBuilder(1 << 16);
        out.append('{');
        timeline(out);
        out.append(',');
        threads(out);
        out.append(',');
        kernelHistograms(out);
        out.append(',');
        durations(out);
        return out.append('}').toString();
    }

    private void timeline(StringBuilder out) {
        Map<ThreadRef, Integer> ranks = f.threads.ranks(TIMELINE_LANES);
        List<Timeline.Wait> waits = f.timeline.waits();
        List<GcPauses.Pause> pauses = f.gc().longest();
        long start = f.facts.firstNanos;
        long end = f.facts.lastNanos;
        for (Timeline.Wait w : waits) {
            start = Math.min(start, w.startNanos());
            end = Math.max(end, w.startNanos() + w.nanos());
        }
        for (GcPauses.Pause p : pauses) {
            start = Math.min(start, p.startNanos());
            end = Math.max(end, p.startNanos() + p.nanos());
        }
        out.append("\"start\":");
        Json.millis(out, start == Long.MAX_VALUE ? 0 : start);
        out.append(",\"end\":");
        Json.millis(out, end == Long.MIN_VALUE ? 0 : end);
        String[] lanes = new String[ranks.size() + 1];
        lanes[0] = "GC pauses";
        ranks.forEach((thread, rank) -> lanes[rank + 1] = thread.label());
        out.append(",\"lanes\":[");
        for (int i = 0; i < lanes.length; i++) {
            Json.string(out.append(i == 0 ? "" : ","), lanes[i]);
        }
        out.append("],\"kinds\":[");
        for (WaitKind k : WaitKind.values()) {
            Json.string(out.append(k.ordinal() == 0 ? "" : ","), k.label());
        }
        out.append("],\"kindColors\":[");
        for (int i = 0; i < KIND_COLORS.length; i++) {
            Json.string(out.append(i == 0 ? "" : ","), KIND_COLORS[i]);
        }
        out.append("],\"gcColor\":");
        Json.string(out, GC_COLOR);
        out.append(",\"waits\":[");
        boolean first = true;
        for (Timeline.Wait w : waits) {
            Integer rank = ranks.get(w.thread());
            if (rank == null) {
                waitsLeftOut++;
                continue;
            }
            out.append(first ? "[" : ",[").append(w.kind().ordinal()).append(',').append(rank + 1).append(',');
            Json.millis(out, w.startNanos()).append(',');
            Json.millis(out, w.startNanos() + w.nanos()).append(',').append(w.nanos()).append(',');
            Json.string(out, w.detail()).append(']');
            first = false;
        }
        out.append("],\"gc\":[");
        first = true;
        for (GcPauses.Pause p : pauses) {
            out.append(first ? "[" : ",[");
            Json.millis(out, p.startNanos()).append(',');
            Json.millis(out, p.startNanos() + p.nanos()).append(',').append(p.nanos()).append(',');
            Json.string(out, gcDetail(p)).append(']');
            first = false;
        }
        out.append(']');
    }

    static String gcDetail(GcPauses.Pause p) {
        if (Double.isNaN(p.starvation())) {
            return p.what();
        }
        return p.what() + ", starvation " + Nanos.percent(p.starvation()) + ", GC CPU " + Nanos.format(p.gcCpuNanos())
            + ", GC run queue " + Nanos.format(p.gcRunQueueNanos()) + ", " + p.gcThreads() + " GC threads";
    }

    private void threads(StringBuilder out) {
        List<ThreadTimes.Totals> top = f.threads.top(BREAKDOWN_THREADS);
        out.append("\"threads\":{\"names\":[");
        for (int i = 0; i < top.size(); i++) {
            Json.string(out.append(i == 0 ? "" : ","), top.get(i).thread.label());
        }
        out.append("],\"series\":[");
        for (WaitKind k : WaitKind.values()) {
            out.append(k.ordinal() == 0 ? "[" : ",[");
            for (int i = 0; i < top.size(); i++) {
                out.append(i == 0 ? "" : ",").append(top.get(i).nanos(k));
            }
            out.append(']');
        }
        out.append("]}");
    }

    private void kernelHistograms(StringBuilder out) {
        out.append("\"kernel\":[");
        List<Map.Entry<String, Log2Counts>> merged = f.kernelHistograms.merged();
        for (int i = 0; i < Math.min(KERNEL_HISTOGRAMS, merged.size()); i++) {
            Log2Counts h = merged.get(i).getValue();
            out.append(i == 0 ? "{" : ",{").append("\"name\":");
            Json.string(out, merged.get(i).getKey());
            out.append(",\"count\":").append(h.count()).append(",\"total\":").append(h.totalNanos())
                .append(",\"p50\":").append(h.percentileMicros(0.5)).append(",\"p99\":").append(h.percentileMicros(0.99));
            buckets(out, List.of(h));
            out.append('}');
        }
        out.append(']');
    }

    private void durations(StringBuilder out) {
        List<Log2Counts> all = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (WaitKind k : WaitKind.values()) {
            all.add(f.durations.get(k));
            names.add(k.label());
        }
        all.add(f.gc().durations());
        names.add("GC pause");
        out.append("\"durations\":{\"names\":[");
        for (int i = 0; i < names.size(); i++) {
            Json.string(out.append(i == 0 ? "" : ","), names.get(i));
        }
        out.append(']');
        buckets(out, all);
        out.append('}');
    }

    /** {@code "labels":[...],"counts":[[...],...]} over the slots any of the histograms uses. */
    private static void buckets(StringBuilder out, List<Log2Counts> histograms) {
        int first = Integer.MAX_VALUE;
        int last = -1;
        for (Log2Counts h : histograms) {
            int[] range = h.range();
            if (range[0] >= 0) {
                first = Math.min(first, range[0]);
                last = Math.max(last, range[1]);
            }
        }
        out.append(",\"labels\":[");
        for (int slot = first; slot <= last; slot++) {
            Json.string(out.append(slot == first ? "" : ","), Log2Counts.label(slot));
        }
        out.append("],\"counts\":[");
        for (int i = 0; i < histograms.size(); i++) {
            out.append(i == 0 ? "[" : ",[");
            for (int slot = first; slot <= last; slot++) {
                out.append(slot == first ? "" : ",").append(histograms.get(i).count(slot));
            }
            out.append(']');
        }
        out.append(']');
    }
}
