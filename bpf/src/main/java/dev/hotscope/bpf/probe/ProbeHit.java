package dev.hotscope.bpf.probe;

import java.util.Arrays;

/**
 * One hit of a probe: a point event, or a start paired with its end on the same thread.
 *
 * @param pid the process (tgid)
 * @param tid the thread
 * @param cpu the CPU the record was made on (for pairs: where the end fired)
 * @param comm the thread's name when the record was made (at the end, for pairs)
 * @param startNanos when the probe (or the start) fired: {@code bpf_ktime_get_ns()}, CLOCK_MONOTONIC as {@link System#nanoTime()}
 * @param durationNanos end - start for pairs, 0 for point events
 * @param args the start's values, as many as {@link ProbeTracer#argNames()}: USDT arguments,
 *     uprobe argument registers, or tracepoint fields (sign-extended as declared)
 * @param ret the end's first value: the return value of a uretprobe, the {@code ret} (else first)
 *     field of an end tracepoint, arg0 of an end USDT probe or uprobe; 0 for point events
 * @param userStack user return addresses, innermost first; empty when not collected or unreadable
 * @param kernelStack kernel return addresses, innermost first; empty when not collected
 */
public record ProbeHit(long pid, long tid, int cpu, String comm, long startNanos, long durationNanos, long[] args,
                       long ret, long[] userStack, long[] kernelStack) {
    /**
     * One argument.
     *
     * @param index from 0
     * @return its value
     * @throws IllegalArgumentException if there is no such argument (says how many there are)
     */
    public long arg(int index) {
        if (index < 0 || index >= args.length) {
            throw new IllegalArgumentException("no argument " + index + ": this hit has " + args.length
                + " (0.." + (args.length - 1) + ")");
        }
        return args[index];
    }

    @Override
    public String toString() {
        return "ProbeHit[pid=" + pid + ", tid=" + tid + ", cpu=" + cpu + ", comm=" + comm + ", start=" + startNanos
            + ", duration=" + durationNanos + ", args=" + Arrays.toString(args) + ", ret=" + ret
            + ", userStack=" + userStack.length + " frames, kernelStack=" + kernelStack.length + " frames]";
    }
}
