package dev.hotscope.bpf.syscalls;

/**
 * A system call that has begun and not yet returned, as seen at one moment.
 *
 * @param tid the thread in the call
 * @param nr the system call number
 * @param startNanos when it began, CLOCK_MONOTONIC; for a call that began before tracing, when
 *     tracing began
 * @param elapsedNanos how long it had been running when read (at least this long, if it began
 *     before tracing)
 * @param beganBeforeTracing true when the kernel's BPF program never saw it begin and it was
 *     found in {@code /proc/PID/task/TID/syscall} instead
 */
public record InflightCall(int tid, int nr, long startNanos, long elapsedNanos, boolean beganBeforeTracing) {
    /** The system call's name. */
    public String name() {
        return SyscallNames.name(nr);
    }
}
