package dev.hotscope.jfr.report;

import java.util.List;

/** The longest {@link #MAX_WAITS} waits of any kind, for the timeline; GC pauses are kept by {@link GcPauses}. */
final class Timeline {
    static final int MAX_WAITS = 5_000;

    private final TopN<Wait> longest = new TopN<>(MAX_WAITS);

    void add(Wait wait) {
        longest.offer(wait.nanos, wait);
    }

    /** Waits offered in all. */
    long offered() {
        return longest.offered();
    }

    boolean truncated() {
        return longest.truncated();
    }

    List<Wait> waits() {
        return longest.largestFirst();
    }

    /**
     * One wait of one thread.
     *
     * @param startNanos epoch nanoseconds
     * @param detail what it waited in: the syscall and its result, the waker, the reason
     */
    record Wait(WaitKind kind, ThreadRef thread, long startNanos, long nanos, String detail) {}
}
