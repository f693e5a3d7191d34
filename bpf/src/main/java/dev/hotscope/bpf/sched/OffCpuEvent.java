package dev.hotscope.bpf.sched;

import java.util.Arrays;
import java.util.Objects;

/**
 * One interval a thread spent off CPU, at least the tracer's threshold long. Immutable.
 *
 * <p>The stacks are raw addresses, innermost first, as captured when the thread switched out;
 * name them with {@link dev.hotscope.bpf.symbols.Symbolizer#symbolizeStack}. The user stack is
 * walked with frame pointers: JIT-compiled Java frames are all there when the JVM runs with
 * {@code -XX:+PreserveFramePointer}, while native frames built without frame pointers (much of
 * glibc) are skipped.
 */
public final class OffCpuEvent {
    private static final long[] NONE = new long[0];

    private final long tid;
    private final long startNanos;
    private final long durationNanos;
    private final OffCpuReason reason;
    private final long runQueueNanos;
    private final long wakerTid;
    private final long wakerPid;
    private final int cpu;
    private final long[] userStack;
    private final long[] kernelStack;
    private final int userStackError;
    private final int kernelStackError;

    /**
     * @param tid the thread's OS id
     * @param startNanos when it switched out, CLOCK_MONOTONIC (comparable with {@link System#nanoTime()})
     * @param durationNanos until it switched back in
     * @param reason why it switched out; not null
     * @param runQueueNanos the end of the interval spent runnable, waiting for a CPU (all of it when
     *     preempted); 0 if its wakeup was not seen
     * @param wakerTid the thread that woke it; 0 if unknown, if an interrupt (a timer, an I/O
     *     completion) woke it, or if it was preempted
     * @param wakerPid the waker's process; 0 with {@code wakerTid}
     * @param cpu the CPU it ran on again
     * @param userStack user addresses, innermost first; copied; not null, empty if not captured
     * @param kernelStack kernel addresses, innermost first; copied; not null, empty if not captured
     * @param userStackError 0, or the negative errno that kept the user stack from being captured
     * @param kernelStackError 0, or the negative errno that kept the kernel stack from being captured
     */
    public OffCpuEvent(long tid, long startNanos, long durationNanos, OffCpuReason reason, long runQueueNanos,
                       long wakerTid, long wakerPid, int cpu, long[] userStack, long[] kernelStack,
                       int userStackError, int kernelStackError) {
        this(tid, startNanos, durationNanos, Objects.requireNonNull(reason, "reason"), runQueueNanos, wakerTid, wakerPid,
            cpu, userStack.clone(), kernelStack.clone(), userStackError, kernelStackError, true);
    }

    /** Takes the arrays as they are: the decoder made them for this event alone. */
    private OffCpuEvent(long tid, long startNanos, long durationNanos, OffCpuReason reason, long runQueueNanos,
                        long wakerTid, long wakerPid, int cpu, long[] userStack, long[] kernelStack,
                        int userStackError, int kernelStackError, boolean owned) {
        this.tid = tid;
        this.startNanos = startNanos;
        this.durationNanos = durationNanos;
        this.reason = reason;
        this.runQueueNanos = runQueueNanos;
        this.wakerTid = wakerTid;
        this.wakerPid = wakerPid;
        this.cpu = cpu;
        this.userStack = userStack.length == 0 ? NONE : userStack;
        this.kernelStack = kernelStack.length == 0 ? NONE : kernelStack;
        this.userStackError = userStackError;
        this.kernelStackError = kernelStackError;
    }

    static OffCpuEvent owning(long tid, long startNanos, long durationNanos, OffCpuReason reason, long runQueueNanos,
                              long wakerTid, long wakerPid, int cpu, long[] userStack, long[] kernelStack,
                              int userStackError, int kernelStackError) {
        return new OffCpuEvent(tid, startNanos, durationNanos, reason, runQueueNanos, wakerTid, wakerPid, cpu, userStack,
            kernelStack, userStackError, kernelStackError, true);
    }

    /** The thread's OS id. */
    public long tid() {
        return tid;
    }

    /** When it switched out, CLOCK_MONOTONIC (comparable with {@link System#nanoTime()}). */
    public long startNanos() {
        return startNanos;
    }

    /** How long it was off CPU. */
    public long durationNanos() {
        return durationNanos;
    }

    /** When it switched back in. */
    public long endNanos() {
        return startNanos + durationNanos;
    }

    /** Why it switched out; never null. */
    public OffCpuReason reason() {
        return reason;
    }

    /** The part spent runnable, waiting for a CPU; 0 if its wakeup was not seen. */
    public long runQueueNanos() {
        return runQueueNanos;
    }

    /** The part spent waiting for something else: the duration less the run-queue part. */
    public long waitNanos() {
        return durationNanos - runQueueNanos;
    }

    /** The thread that woke it; 0 if unknown, woken by an interrupt, or preempted. */
    public long wakerTid() {
        return wakerTid;
    }

    /** The waker's process; 0 when {@link #wakerTid()} is. */
    public long wakerPid() {
        return wakerPid;
    }

    /** The CPU it ran on again. */
    public int cpu() {
        return cpu;
    }

    /** User addresses at the switch-out, innermost first (the pc, then return addresses); a copy, empty if none. */
    public long[] userStack() {
        return userStack.length == 0 ? NONE : userStack.clone();
    }

    /** How many user addresses there are, without copying them. */
    public int userStackDepth() {
        return userStack.length;
    }

    /** Kernel addresses at the switch-out, innermost first; a copy, empty if none. */
    public long[] kernelStack() {
        return kernelStack.length == 0 ? NONE : kernelStack.clone();
    }

    /** 0, or the negative errno that kept the user stack from being captured. */
    public int userStackError() {
        return userStackError;
    }

    /** 0, or the negative errno that kept the kernel stack from being captured. */
    public int kernelStackError() {
        return kernelStackError;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OffCpuEvent e && tid == e.tid && startNanos == e.startNanos && durationNanos == e.durationNanos
            && reason == e.reason && runQueueNanos == e.runQueueNanos && wakerTid == e.wakerTid && wakerPid == e.wakerPid
            && cpu == e.cpu && Arrays.equals(userStack, e.userStack) && Arrays.equals(kernelStack, e.kernelStack)
            && userStackError == e.userStackError && kernelStackError == e.kernelStackError;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tid, startNanos, durationNanos, reason, runQueueNanos, wakerTid, cpu)
            + 31 * Arrays.hashCode(userStack) + Arrays.hashCode(kernelStack);
    }

    @Override
    public String toString() {
        return "OffCpuEvent[tid=" + tid + ", " + reason + " " + durationNanos + " ns from " + startNanos
            + ", runQueue=" + runQueueNanos + " ns, waker=" + wakerTid + "/" + wakerPid + ", cpu=" + cpu
            + ", userFrames=" + userStack.length + (userStackError != 0 ? " (error " + userStackError + ")" : "")
            + ", kernelFrames=" + kernelStack.length + (kernelStackError != 0 ? " (error " + kernelStackError + ")" : "")
            + "]";
    }
}
