package dev.hotscope.jfr.report;

import java.util.List;

/**
 * GC pauses of one source (hotscope.GcPause, or the JDK's jdk.GarbageCollection): totals, starvation,
 * and the longest {@link #MAX_KEPT} pauses for the timeline.
 */
final class GcPauses {
    static final int MAX_KEPT = 10_000;
    /** A pause whose GC threads waited this share of their time for a CPU counts as starved. */
    static final double STARVED = 0.25;

    private final String source;
    private final TopN<Pause> longest = new TopN<>(MAX_KEPT);
    private final Log2Counts durations = new Log2Counts();
    private long maxNanos;
    private double starvationSum;
    private double starvationMax;
    private long starved;

    GcPauses(String source) {
        this.source = source;
    }

    /** The event type the pauses came from. */
    String source() {
        return source;
    }

    void add(Pause p) {
        durations.addNanos(p.nanos);
        maxNanos = Math.max(maxNanos, p.nanos);
        if (!Double.isNaN(p.starvation)) {
            starvationSum += p.starvation;
            starvationMax = Math.max(starvationMax, p.starvation);
            starved += p.starvation >= STARVED ? 1 : 0;
        }
        longest.offer(p.nanos, p);
    }

    long count() {
        return durations.count();
    }

    long totalNanos() {
        return durations.totalNanos();
    }

    long maxNanos() {
        return maxNanos;
    }

    Log2Counts durations() {
        return durations;
    }

    /** True when the pauses carry the kernel's view (hotscope.GcPause), so starvation is known. */
    boolean hasStarvation() {
        return source.startsWith("hotscope.");
    }

    double meanStarvation() {
        return count() == 0 ? 0 : starvationSum / count();
    }

    double maxStarvation() {
        return starvationMax;
    }

    /** Pauses whose starvation reached {@link #STARVED}. */
    long starved() {
        return starved;
    }

    /** Kept pauses, longest first. */
    List<Pause> longest() {
        return longest.largestFirst();
    }

    boolean truncated() {
        return longest.truncated();
    }

    /**
     * One pause.
     *
     * @param startNanos epoch nanoseconds
     * @param starvation GC run-queue share of the GC threads' time, NaN when unknown
     * @param what e.g. "young", "full", "G1New (G1 Evacuation Pause)"
     */
    record Pause(long startNanos, long nanos, double starvation, long gcCpuNanos, long gcRunQueueNanos, int gcThreads,
                 String what) {}
}
