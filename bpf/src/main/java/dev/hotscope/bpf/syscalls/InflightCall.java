package dev.hotscope.bpf.syscalls;

/**
 * A system call that has begun and not yet returned, as seen at one moment.
 *
 * @param tid the thread in the call
 * @param nr the system call number
 * @param startNanos when it began, CLOCK_MONOTONIC
 * @param elapsedNanos how long it had been running when read
 */
public record InflightCall(int tid, int nr, long startNanos, long elapsedNanos) {
    /** The system call's name. */
    public String name() {
        return SyscallNames.name(nr);
    }
}
