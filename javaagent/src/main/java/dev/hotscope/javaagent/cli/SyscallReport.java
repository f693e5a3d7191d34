package dev.hotscope.javaagent.cli;

import dev.hotscope.bpf.hist.Log2Histogram;
import dev.hotscope.bpf.symbols.Frame;
import dev.hotscope.bpf.symbols.Symbolizer;
import dev.hotscope.bpf.syscalls.InflightCall;
import dev.hotscope.bpf.syscalls.SyscallCounters;
import dev.hotscope.bpf.syscalls.SyscallEvent;
import dev.hotscope.bpf.syscalls.SyscallHistogram;
import dev.hotscope.bpf.threads.ThreadDirectory;
import dev.hotscope.javaagent.internal.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text of {@code hotscope syscalls}: histograms per syscall, slowest calls, calls still in flight. */
final class SyscallReport {
    private static final int TOP_FRAMES = 3;

    private final ThreadDirectory threads;
    private final Symbolizer symbols;

    /**
     * @param threads names threads; not null
     * @param symbols names stack frames; null when the process is gone (addresses print raw)
     */
    SyscallReport(ThreadDirectory threads, Symbolizer symbols) {
        this.threads = threads;
        this.symbols = symbols;
    }

    /**
     * One bcc-style histogram per syscall, all threads together, most total time first; at most
     * {@code max} histograms, the rest summed in one line.
     */
    String histograms(List<SyscallHistogram> perThread, int max) {
        Map<Integer, Totals> bySyscall = new LinkedHashMap<>();
        for (SyscallHistogram h : perThread) {
            bySyscall.computeIfAbsent(h.nr(), nr -> new Totals(h.name())).add(h);
        }
        List<Totals> sorted = new ArrayList<>(bySyscall.values());
        sorted.sort((a, b) -> Long.compare(b.nanos, a.nanos));
        StringBuilder out = new StringBuilder();
        for (Totals t : sorted.subList(0, Math.min(max, sorted.size()))) {
            out.append(String.format(Locale.ROOT, "%nsyscall = %s   (%d calls, %s in total)%n", t.name, t.count,
                Durations.format(t.nanos)));
            out.append(t.micros.format("usecs"));
        }
        if (sorted.size() > max) {
            long calls = 0;
            long nanos = 0;
            for (Totals t : sorted.subList(max, sorted.size())) {
                calls += t.count;
                nanos += t.nanos;
            }
            out.append(String.format(Locale.ROOT, "%n... and %d more syscalls: %d calls, %s in total%n",
                sorted.size() - max, calls, Durations.format(nanos)));
        }
        return out.length() == 0 ? "\nNo system calls were seen.\n" : out.toString();
    }

    /** The slowest calls, one line each. */
    String slowest(List<SyscallEvent> calls) {
        if (calls.isEmpty()) {
            return "\nNo call reached the threshold.\n";
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%nSlowest calls:%n%-20s %8s  %-14s %10s  %-16s %s%n",
            "THREAD", "TID", "SYSCALL", "DURATION", "RESULT", "TOP FRAMES"));
        Frame[] frames = new Frame[128];
        for (SyscallEvent e : calls) {
            out.append(String.format(Locale.ROOT, "%-20s %8d  %-14s %10s  %-16s %s%n", threadName(e.tid()), e.tid(),
                e.name(), Durations.format(e.durationNanos()), e.describeResult(), topFrames(e.userStack(), frames)));
        }
        return out.toString();
    }

    /** Calls that had not returned when tracing ended, longest first, at most {@code max} rows. */
    String inflight(List<InflightCall> calls, int max) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        int more = 0;
        for (InflightCall c : calls) {
            if (c.elapsedNanos() < 1_000_000L) {
                continue;
            }
            if (shown == max) {
                more++;
                continue;
            }
            if (shown++ == 0) {
                out.append(String.format(Locale.ROOT, "%nStill in a system call when tracing ended:%n%-20s %8s  %-14s %12s%n",
                    "THREAD", "TID", "SYSCALL", "FOR"));
            }
            String elapsed = (c.beganBeforeTracing() ? ">= " : "") + Durations.format(c.elapsedNanos());
            out.append(String.format(Locale.ROOT, "%-20s %8d  %-14s %12s%s%n", threadName(c.tid()), c.tid(), c.name(),
                elapsed, c.beganBeforeTracing() ? "  (began before tracing)" : ""));
        }
        if (more > 0) {
            out.append(String.format(Locale.ROOT, "... and %d more threads in a system call%n", more));
        }
        return out.toString();
    }

    /** What was lost, so nothing is silent. */
    String losses(SyscallCounters c) {
        return String.format(Locale.ROOT, "%nLost: %d slow-call records (ring buffer full), %d by the consumer,"
            + " %d calls untracked (tables full).", c.dropped(), c.consumerErrors(), c.inflightFull() + c.histogramsFull());
    }

    private String threadName(int tid) {
        return truncate(threads.lookup(tid).name(), 20);
    }

    private String topFrames(long[] stack, Frame[] frames) {
        if (stack.length == 0) {
            return "(no user stack)";
        }
        if (symbols == null) {
            return String.format("0x%x", stack[0]);
        }
        int n = Math.min(stack.length, frames.length);
        try {
            symbols.symbolizeStack(stack, n, frames);
        } catch (RuntimeException e) {
            return String.format("0x%x (not symbolized: %s)", stack[0], e.getMessage());
        }
        return SyscallsCommand.topFrames(frames, n, TOP_FRAMES);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** One syscall's histograms summed over threads. */
    private static final class Totals {
        final String name;
        Log2Histogram micros = Log2Histogram.empty(32);
        long count;
        long nanos;

        Totals(String name) {
            this.name = name;
        }

        void add(SyscallHistogram h) {
            micros = micros.plus(h.micros());
            count += h.count();
            nanos += h.totalNanos();
        }
    }
}
