package dev.hotscope.jfr.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Waited time per thread and kind; at most {@link #MAX_THREADS} threads, later ones lumped together. */
final class ThreadTimes {
    static final int MAX_THREADS = 10_000;

    private static final List<String> JVM_THREADS = List.of("VM Thread", "VM Periodic Task Thread", "GC Thread",
        "G1 ", "C1 CompilerThread", "C2 CompilerThread", "Monitor Deflation Thread", "Common-Cleaner", "Service Thread",
        "Reference Handler", "Finalizer", "Signal Dispatcher", "JFR ", "Attach Listener", "Notification Thread",
        "Sweeper thread", "hotscope-", "Thread-JVMCI", "ZWorker", "ZDriver", "Shenandoah", "Cleaner-");

    private final Map<ThreadRef, Totals> byThread = new HashMap<>();

    void add(ThreadRef thread, WaitKind kind, long nanos) {
        Totals t = byThread.get(thread);
        if (t == null) {
            ThreadRef key = byThread.size() >= MAX_THREADS ? ThreadRef.OTHERS : thread;
            t = byThread.computeIfAbsent(key, Totals::new);
        }
        t.nanos[kind.ordinal()] += nanos;
        t.counts[kind.ordinal()]++;
    }

    boolean isEmpty() {
        return byThread.isEmpty();
    }

    int threads() {
        return byThread.size();
    }

    /**
     * The threads with the most waited time, all kinds summed (they overlap, but rank alike), the
     * application's first: the JVM's own threads (GC, compilers, JFR, reference handling) wait most
     * of their lives by design, and would otherwise hide the threads the question is about.
     */
    List<Totals> top(int n) {
        List<Totals> all = new ArrayList<>(byThread.values());
        all.sort(Comparator.comparing((Totals t) -> isJvmThread(t.thread.name()))
            .thenComparing(Comparator.comparingLong(Totals::sum).reversed()));
        return all.subList(0, Math.min(n, all.size()));
    }

    /** The JVM's and the JDK's own threads, and the agent's, by the names they are given. */
    static boolean isJvmThread(String name) {
        for (String prefix : JVM_THREADS) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Rank of threads by waited time: lanes of the timeline follow it. */
    Map<ThreadRef, Integer> ranks(int n) {
        Map<ThreadRef, Integer> ranks = new HashMap<>();
        for (Totals t : top(n)) {
            ranks.put(t.thread, ranks.size());
        }
        return ranks;
    }

    /** One thread's waits. */
    static final class Totals {
        final ThreadRef thread;
        private final long[] nanos = new long[WaitKind.values().length];
        private final long[] counts = new long[WaitKind.values().length];

        Totals(ThreadRef thread) {
            this.thread = thread;
        }

        long nanos(WaitKind kind) {
            return nanos[kind.ordinal()];
        }

        long count(WaitKind kind) {
            return counts[kind.ordinal()];
        }

        long sum() {
            long sum = 0;
            for (long n : nanos) {
                sum += n;
            }
            return sum;
        }

        Map<WaitKind, Long> byKind() {
            Map<WaitKind, Long> m = new EnumMap<>(WaitKind.class);
            for (WaitKind k : WaitKind.values()) {
                m.put(k, nanos[k.ordinal()]);
            }
            return m;
        }
    }
}
