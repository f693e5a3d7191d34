package dev.hotscope.bpf.syscalls;

import dev.hotscope.bpf.hist.Log2Histogram;

/**
 * The latency histogram the kernel keeps for one thread and one system call.
 *
 * @param tid the thread
 * @param nr the system call number
 * @param micros latency in microseconds, power-of-two slots
 * @param count calls counted
 * @param totalNanos their summed latency
 */
public record SyscallHistogram(int tid, int nr, Log2Histogram micros, long count, long totalNanos) {
    /** The system call's name. */
    public String name() {
        return SyscallNames.name(nr);
    }
}
