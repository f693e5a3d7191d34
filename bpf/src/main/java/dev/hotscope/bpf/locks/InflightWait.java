package dev.hotscope.bpf.locks;

/**
 * A futex wait in progress, as seen at one moment: the thread is blocked now, so an in-process
 * stack of it shows where.
 *
 * @param tid the waiting thread
 * @param uaddr the futex word's address (0 if unknown: a {@code futex_waitv} that began before tracing)
 * @param op the futex op word, see {@link FutexOps}
 * @param startNanos when it began, CLOCK_MONOTONIC; for a wait that began before tracing, when
 *     tracing began
 * @param elapsedNanos how long it had waited when read (at least this long, if it began before tracing)
 * @param beganBeforeTracing true when the BPF program never saw it begin and it was found in
 *     {@code /proc/PID/task/TID/syscall} instead
 */
public record InflightWait(int tid, long uaddr, int op, long startNanos, long elapsedNanos,
                           boolean beganBeforeTracing) {
    /** The op's name, e.g. {@code FUTEX_WAIT_BITSET|FUTEX_PRIVATE_FLAG}. */
    public String opName() {
        return FutexOps.name(op);
    }
}
