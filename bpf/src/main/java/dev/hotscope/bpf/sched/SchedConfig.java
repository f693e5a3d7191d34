package dev.hotscope.bpf.sched;

import dev.hotscope.bpf.EventBudget;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link SchedTracer} records: thresholds for the records it sends, which switch-outs capture
 * stacks, and how many threads it can follow. Immutable; start from {@link #defaults()}.
 *
 * <p>Stacks are captured at every switch-out of a reason they are enabled for, before anyone knows
 * whether the interval will reach the threshold: that is the tracer's main cost (see
 * {@code docs/sched.md}: about 0.9 µs per user stack, 1.3 µs per kernel stack). By default user
 * stacks are captured for sleeping and blocked threads, whose stack says what they wait for, and
 * not for preempted ones, whose stack is only where they were running when their time slice ended
 * (a CPU profile, cheaper to take elsewhere), and whose switch-outs are most frequent exactly when
 * the machine is overloaded. Kernel stacks are captured by default for blocked threads only: there
 * they tell the I/O or lock waited for, which the user stack cannot; for a sleeping thread they
 * mostly repeat the system call the user stack already shows.
 */
public final class SchedConfig {
    /** The most user frames a record can carry. */
    public static final int MAX_USER_FRAMES = 64;
    /** Kernel frames a record carries at most. */
    public static final int KERNEL_FRAMES = 16;

    private static final SchedConfig DEFAULTS = new SchedConfig(Duration.ofMillis(1), Duration.ofMillis(1),
        EnumSet.of(OffCpuReason.SLEEPING, OffCpuReason.BLOCKED), EnumSet.of(OffCpuReason.BLOCKED), MAX_USER_FRAMES, 4096,
        EventBudget.unlimited(), EventBudget.unlimited());

    private final Duration minOffCpu;
    private final Duration minRunQueue;
    private final Set<OffCpuReason> userStacks;
    private final Set<OffCpuReason> kernelStacks;
    private final int userStackFrames;
    private final int maxThreads;
    private final EventBudget offCpuBudget;
    private final EventBudget runQueueBudget;

    private SchedConfig(Duration minOffCpu, Duration minRunQueue, Set<OffCpuReason> userStacks,
                        Set<OffCpuReason> kernelStacks, int userStackFrames, int maxThreads, EventBudget offCpuBudget,
                        EventBudget runQueueBudget) {
        this.minOffCpu = minOffCpu;
        this.minRunQueue = minRunQueue;
        this.userStacks = Collections.unmodifiableSet(copy(userStacks));
        this.kernelStacks = Collections.unmodifiableSet(copy(kernelStacks));
        this.userStackFrames = userStackFrames;
        this.maxThreads = maxThreads;
        this.offCpuBudget = Objects.requireNonNull(offCpuBudget, "offCpuBudget");
        this.runQueueBudget = Objects.requireNonNull(runQueueBudget, "runQueueBudget");
    }

    /**
     * Off-CPU and run-queue records from 1 ms, user stacks for sleeping and blocked threads,
     * kernel stacks for blocked ones, 64 user frames, up to 4096 threads, no event budgets.
     */
    public static SchedConfig defaults() {
        return DEFAULTS;
    }

    /** Off-CPU intervals at least this long are sent as {@link OffCpuEvent}s. */
    public Duration minOffCpu() {
        return minOffCpu;
    }

    /** Run-queue waits at least this long are sent as {@link RunQueueEvent}s (all are counted in histograms). */
    public Duration minRunQueue() {
        return minRunQueue;
    }

    /** The reasons whose switch-outs capture the user stack; unmodifiable. */
    public Set<OffCpuReason> userStacks() {
        return userStacks;
    }

    /** The reasons whose switch-outs capture the kernel stack; unmodifiable. */
    public Set<OffCpuReason> kernelStacks() {
        return kernelStacks;
    }

    /** The most user frames captured. */
    public int userStackFrames() {
        return userStackFrames;
    }

    /** How many threads of the target can be followed at once; more are counted as {@code threadsFull}. */
    public int maxThreads() {
        return maxThreads;
    }

    /**
     * This configuration with another off-CPU threshold.
     *
     * @param min zero or more; not null
     * @return a new configuration
     * @throws IllegalArgumentException if negative
     */
    public SchedConfig withMinOffCpu(Duration min) {
        return new SchedConfig(nonNegative(min, "minOffCpu"), minRunQueue, userStacks, kernelStacks, userStackFrames,
            maxThreads, offCpuBudget, runQueueBudget);
    }

    /**
     * This configuration with another run-queue threshold.
     *
     * @param min zero or more; not null
     * @return a new configuration
     * @throws IllegalArgumentException if negative
     */
    public SchedConfig withMinRunQueue(Duration min) {
        return new SchedConfig(minOffCpu, nonNegative(min, "minRunQueue"), userStacks, kernelStacks, userStackFrames,
            maxThreads, offCpuBudget, runQueueBudget);
    }

    /**
     * This configuration capturing user stacks at switch-outs for these reasons only.
     *
     * @param reasons may be empty; not null
     * @return a new configuration
     */
    public SchedConfig withUserStacks(Set<OffCpuReason> reasons) {
        return new SchedConfig(minOffCpu, minRunQueue, reasons, kernelStacks, userStackFrames, maxThreads, offCpuBudget,
            runQueueBudget);
    }

    /**
     * This configuration capturing kernel stacks at switch-outs for these reasons only.
     *
     * @param reasons may be empty; not null
     * @return a new configuration
     */
    public SchedConfig withKernelStacks(Set<OffCpuReason> reasons) {
        return new SchedConfig(minOffCpu, minRunQueue, userStacks, reasons, userStackFrames, maxThreads, offCpuBudget,
            runQueueBudget);
    }

    /**
     * This configuration capturing at most this many user frames (fewer cost less).
     *
     * @param frames 1 to {@link #MAX_USER_FRAMES}
     * @return a new configuration
     * @throws IllegalArgumentException if out of range
     */
    public SchedConfig withUserStackFrames(int frames) {
        if (frames < 1 || frames > MAX_USER_FRAMES) {
            throw new IllegalArgumentException("user stack frames must be 1.." + MAX_USER_FRAMES + ": " + frames);
        }
        return new SchedConfig(minOffCpu, minRunQueue, userStacks, kernelStacks, frames, maxThreads, offCpuBudget,
            runQueueBudget);
    }

    /**
     * This configuration following up to this many threads (about 1.8 KiB of kernel memory each).
     *
     * @param threads 1 or more
     * @return a new configuration
     * @throws IllegalArgumentException if less than 1
     */
    public SchedConfig withMaxThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("max threads must be positive: " + threads);
        }
        return new SchedConfig(minOffCpu, minRunQueue, userStacks, kernelStacks, userStackFrames, threads, offCpuBudget,
            runQueueBudget);
    }

    /** The most off-CPU records sent per second; the rest count as throttled (all are in the totals and histograms). */
    public EventBudget offCpuBudget() {
        return offCpuBudget;
    }

    /** The most run-queue records sent per second; the rest count as throttled (all are in the histograms). */
    public EventBudget runQueueBudget() {
        return runQueueBudget;
    }

    /**
     * This configuration with another off-CPU event budget. While it is used up, switch-outs also
     * skip their stack capture, the tracer's main cost.
     *
     * @param budget the most records per second; not null
     * @return a new configuration
     * @throws NullPointerException if budget is null
     */
    public SchedConfig withOffCpuBudget(EventBudget budget) {
        return new SchedConfig(minOffCpu, minRunQueue, userStacks, kernelStacks, userStackFrames, maxThreads, budget,
            runQueueBudget);
    }

    /**
     * This configuration with another run-queue event budget.
     *
     * @param budget the most records per second; not null
     * @return a new configuration
     * @throws NullPointerException if budget is null
     */
    public SchedConfig withRunQueueBudget(EventBudget budget) {
        return new SchedConfig(minOffCpu, minRunQueue, userStacks, kernelStacks, userStackFrames, maxThreads,
            offCpuBudget, budget);
    }

    /** The program's bit set for a set of reasons. */
    static int bits(Set<OffCpuReason> reasons) {
        int bits = 0;
        for (OffCpuReason r : reasons) {
            bits |= r.bit();
        }
        return bits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchedConfig c && minOffCpu.equals(c.minOffCpu) && minRunQueue.equals(c.minRunQueue)
            && userStacks.equals(c.userStacks) && kernelStacks.equals(c.kernelStacks)
            && userStackFrames == c.userStackFrames && maxThreads == c.maxThreads && offCpuBudget.equals(c.offCpuBudget)
            && runQueueBudget.equals(c.runQueueBudget);
    }

    @Override
    public int hashCode() {
        return Objects.hash(minOffCpu, minRunQueue, userStacks, kernelStacks, userStackFrames, maxThreads, offCpuBudget,
            runQueueBudget);
    }

    @Override
    public String toString() {
        return "SchedConfig[minOffCpu=" + minOffCpu + ", minRunQueue=" + minRunQueue + ", userStacks=" + userStacks
            + ", kernelStacks=" + kernelStacks + ", userStackFrames=" + userStackFrames + ", maxThreads=" + maxThreads
            + ", offCpuBudget=" + offCpuBudget + ", runQueueBudget=" + runQueueBudget + "]";
    }

    private static Set<OffCpuReason> copy(Set<OffCpuReason> reasons) {
        Objects.requireNonNull(reasons, "reasons");
        return reasons.isEmpty() ? EnumSet.noneOf(OffCpuReason.class) : EnumSet.copyOf(reasons);
    }

    private static Duration nonNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + d);
        }
        return d;
    }
}
