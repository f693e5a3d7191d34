package dev.hotscope.jfr.report;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The findings as plain text, laid out like bcc's tools print theirs. */
final class SummaryText {
    static final int TOP_THREADS = 10;
    static final int TOP_SYSCALLS = 10;
    static final int TOP_WAKERS = 5;
    static final int TOP_PAUSES = 5;
    static final int TOP_STACKS = 5;
    static final int STACK_LINES = 5;
    static final String OVERLAP = "kinds overlap: a futex lock wait is also a syscall and off-CPU time";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
        .withZone(ZoneOffset.UTC);

    private final Findings f;
    private final StringBuilder out = new StringBuilder(8192);

    private SummaryText(Findings findings) {
        this.f = findings;
    }

    static String render(Findings findings) {
        SummaryText text = new SummaryText(findings);
        text.header();
        if (!findings.hasHotscopeEvents()) {
            text.line("No hotscope events in this recording: record with the agent (file=FILE.jfr), or enable the"
                + " hotscope.* events in the JVM's own recording while the agent runs.");
        }
        text.threads();
        text.syscalls();
        text.locks();
        text.runQueue();
        text.gc();
        text.stacks();
        text.probedMethods();
        text.lost();
        return text.out.toString();
    }

    private void header() {
        RecordingFacts facts = f.facts;
        line("hotscope summary of " + f.file + sizeOf());
        if (facts.events == 0) {
            line("The recording holds no events.");
            return;
        }
        line("Recording: " + time(facts.firstNanos) + " to " + time(facts.lastNanos) + " UTC ("
            + Nanos.format(facts.spanNanos()) + ")" + (facts.jvm.isEmpty() ? "" : "; JVM: " + facts.jvm)
            + (facts.pid > 0 ? " (pid " + facts.pid + ")" : ""));
        StringBuilder counts = new StringBuilder();
        for (Map.Entry<String, Long> e : facts.hotscopeCounts.entrySet()) {
            counts.append(counts.length() == 0 ? "" : ", ").append(e.getValue()).append(' ')
                .append(e.getKey().substring("hotscope.".length()));
        }
        line("Events: " + (counts.length() == 0 ? "no hotscope events" : counts) + "; " + facts.jdkEvents + " JDK events");
        for (String status : facts.agentStatus) {
            line("Agent: " + status);
        }
        if (facts.agentStatusDropped > 0) {
            line("Agent: " + facts.agentStatusDropped + " more status lines left out");
        }
    }

    private String sizeOf() {
        try {
            return " (" + String.format(Locale.ROOT, "%.1f MB", Files.size(f.file) / 1e6) + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private void threads() {
        if (f.threads.isEmpty()) {
            return;
        }
        blank();
        line("Threads by waited time, the application's before the JVM's own (top " + Math.min(TOP_THREADS,
            f.threads.threads()) + " of " + f.threads.threads() + "; " + OVERLAP + ")");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-36s", "THREAD"));
        for (WaitKind k : WaitKind.values()) {
            head.append(String.format(Locale.ROOT, " %18s", k.label().toUpperCase(Locale.ROOT)));
        }
        line(head.toString());
        for (ThreadTimes.Totals t : f.threads.top(TOP_THREADS)) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-36s", clip(t.thread.label(), 36)));
            for (WaitKind k : WaitKind.values()) {
                row.append(String.format(Locale.ROOT, " %18s",
                    t.count(k) == 0 ? "-" : Nanos.format(t.nanos(k)) + " /" + t.count(k)));
            }
            line(row.toString());
        }
        line("  (time / number of waits over the agent's thresholds)");
    }

    private void syscalls() {
        List<SyscallRows.Row> rows = SyscallRows.top(f, TOP_SYSCALLS);
        if (rows.isEmpty()) {
            return;
        }
        blank();
        line("Syscalls by total latency (ALL: every call, from the in-kernel histograms; SLOW: calls over the"
            + " threshold)");
        line(String.format(Locale.ROOT, "  %-18s %10s %10s %9s %9s %10s %10s %10s", "SYSCALL", "ALL CALLS", "TOTAL",
            "p50", "p99", "SLOW", "SLOW TOTAL", "LONGEST"));
        for (SyscallRows.Row r : rows) {
            Log2Counts basis = r.basis();
            line(String.format(Locale.ROOT, "  %-18s %10s %10s %9s %9s %10s %10s %10s", clip(r.name(), 18),
                r.all() == null ? "-" : r.all().count(), r.all() == null ? "-" : Nanos.format(r.all().totalNanos()),
                "<=" + Nanos.micros(basis.percentileMicros(0.5)), "<=" + Nanos.micros(basis.percentileMicros(0.99)),
                r.slow() == null ? "-" : r.slow().durations.count(),
                r.slow() == null ? "-" : Nanos.format(r.slow().durations.totalNanos()),
                r.slow() == null ? "-" : Nanos.format(r.slow().longest)));
        }
    }

    private void locks() {
        if (f.lockKinds.isEmpty()) {
            return;
        }
        blank();
        StringBuilder kinds = new StringBuilder();
        for (NamedStats.Stat s : f.lockKinds.top(10)) {
            kinds.append(kinds.length() == 0 ? "" : ", ").append(s.name).append(' ').append(s.durations.count())
                .append(": ").append(Nanos.format(s.durations.totalNanos()));
        }
        line("Lock waits: " + f.lockKinds.count() + " waits, " + Nanos.format(f.lockKinds.totalNanos()) + " in all ("
            + kinds + ")");
        line(String.format(Locale.ROOT, "  %-36s %8s %12s %10s", "WOKEN BY", "WAITS", "WAIT ENDED", "LONGEST"));
        for (NamedStats.Stat s : f.lockWakers.top(TOP_WAKERS)) {
            line(String.format(Locale.ROOT, "  %-36s %8d %12s %10s", clip(s.name, 36), s.durations.count(),
                Nanos.format(s.durations.totalNanos()), Nanos.format(s.longest)));
        }
        for (NamedStats.Stat s : f.monitorClasses.top(3)) {
            line("  contended monitor " + s.name + ": " + s.durations.count() + " waits, "
                + Nanos.format(s.durations.totalNanos()));
        }
    }

    private void runQueue() {
        Log2Counts runq = f.durations.get(WaitKind.RUN_QUEUE);
        if (runq.count() == 0) {
            return;
        }
        blank();
        line("Run-queue waits: " + runq.count() + " over the threshold, " + Nanos.format(runq.totalNanos())
            + " in all, p99 <=" + Nanos.micros(runq.percentileMicros(0.99)));
    }

    private void gc() {
        GcPauses gc = f.gc();
        blank();
        if (gc.count() == 0) {
            line("GC pauses: none recorded (neither hotscope.GcPause nor jdk.GarbageCollection)");
            return;
        }
        line("GC pauses (" + gc.source() + "): " + gc.count() + " pauses, " + Nanos.format(gc.totalNanos())
            + " in all, longest " + Nanos.format(gc.maxNanos()) + ", p99 <="
            + Nanos.micros(gc.durations().percentileMicros(0.99)));
        if (gc.hasStarvation()) {
            line("  starvation (GC threads' run-queue share): mean " + Nanos.percent(gc.meanStarvation()) + ", max "
                + Nanos.percent(gc.maxStarvation()) + "; " + gc.starved() + " pauses at >= "
                + Nanos.percent(GcPauses.STARVED));
        } else {
            line("  (the JDK's events: no starvation figures without the agent's gc feature)");
        }
        List<GcPauses.Pause> longest = gc.longest();
        for (int i = 0; i < Math.min(TOP_PAUSES, longest.size()); i++) {
            GcPauses.Pause p = longest.get(i);
            line(String.format(Locale.ROOT, "  %-12s %10s  %s", "+" + Nanos.format(p.startNanos() - f.facts.firstNanos),
                Nanos.format(p.nanos()), ChartData.gcDetail(p)));
        }
    }

    private void stacks() {
        StackProfile profile = f.offCpuProfile();
        if (profile.isEmpty()) {
            return;
        }
        blank();
        line("Stacks by off-CPU time (top " + TOP_STACKS + "; " + Nanos.format(profile.totalNanos()) + " in all)");
        for (StackProfile.Entry e : profile.top(TOP_STACKS)) {
            line(String.format(Locale.ROOT, "  %s (%s) %s, %d intervals, threads: %s", Nanos.format(e.nanos()),
                Nanos.percent((double) e.nanos() / profile.totalNanos()), e.leaf(), e.count(),
                String.join(", ", e.threads())));
            List<String> frames = StackProfile.shortStack(e.frames(), STACK_LINES);
            for (String frame : frames.isEmpty() ? List.of("(no stack)") : frames) {
                line("      " + frame);
            }
        }
    }

    private void probedMethods() {
        if (f.methods.isEmpty()) {
            return;
        }
        blank();
        line("Probed methods (spans over the threshold)");
        for (NamedStats.Stat s : f.methods.top(5)) {
            line(String.format(Locale.ROOT, "  %-50s %8d calls %10s in all, longest %s", clip(s.name, 50),
                s.durations.count(), Nanos.format(s.durations.totalNanos()), Nanos.format(s.longest)));
        }
    }

    private void lost() {
        blank();
        if (f.facts.lost.isEmpty()) {
            line("Lost events: none reported");
            return;
        }
        StringBuilder s = new StringBuilder();
        f.facts.lost.forEach((what, n) -> s.append(s.length() == 0 ? "" : "; ").append(what).append(' ').append(n));
        line("Lost events: " + f.facts.lostTotal() + " (" + s + ")");
    }

    private static String time(long epochNanos) {
        return TIME.format(Instant.ofEpochSecond(0, epochNanos));
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 2) + "..";
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    private void blank() {
        out.append('\n');
    }
}
