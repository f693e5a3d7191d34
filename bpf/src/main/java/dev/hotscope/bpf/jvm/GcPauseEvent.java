package dev.hotscope.bpf.jvm;

/**
 * One GC pause of the traced JVM (the outermost {@code gc__begin} to its {@code gc__end}), with the
 * CPU time and run-queue wait its GC threads (workers, concurrent GC threads and the VM Thread) had
 * within it. A pause stretched by CPU starvation shows as {@code gcRunQueueNanos} large next to
 * {@code durationNanos}.
 *
 * @param startNanos when it began, CLOCK_MONOTONIC (comparable with {@link System#nanoTime()})
 * @param durationNanos its wall-clock length
 * @param full whether HotSpot called it a full collection (e.g. {@code System.gc()} with G1)
 * @param gcCpuNanos GC threads' on-CPU time within the pause, summed over the threads
 * @param gcRunQueueNanos time GC threads were runnable but waiting for a CPU within the pause, summed
 * @param gcThreadsRan GC threads that were on a CPU at some time within the pause
 * @param gcThreadsWaited GC threads that waited on a run queue at some time within the pause
 * @param timeToSafepointNanos the enclosing safepoint's time to safepoint, or -1 if the pause was
 *     not seen inside a safepoint
 * @param vmThreadId the OS thread id of the thread that ran the pause (HotSpot's VM Thread)
 */
public record GcPauseEvent(long startNanos, long durationNanos, boolean full, long gcCpuNanos, long gcRunQueueNanos,
                           int gcThreadsRan, int gcThreadsWaited, long timeToSafepointNanos, int vmThreadId) {

    /** When it ended, on the {@link System#nanoTime()} clock. */
    public long endNanos() {
        return startNanos + durationNanos;
    }

    /** Whether the pause was seen inside a safepoint, so {@link #timeToSafepointNanos()} is known. */
    public boolean insideSafepoint() {
        return timeToSafepointNanos >= 0;
    }
}
