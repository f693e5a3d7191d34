package dev.hotscope.bpf.syscalls;

import dev.hotscope.usdt.internal.Errno;

/**
 * One system call that took at least the tracer's threshold.
 *
 * @param tid the calling thread's OS thread id
 * @param nr the system call number (x86-64)
 * @param startNanos when it began, CLOCK_MONOTONIC (comparable with {@link System#nanoTime()})
 * @param durationNanos how long it took
 * @param result the raw return value; -4095..-1 is a negated errno
 * @param userStack the user stack, innermost first: the pc, then return addresses, unwound with
 *     DWARF CFI through native code and frame pointers through JIT code; empty if unavailable
 * @param kernelStack return addresses of the kernel stack at exit, innermost first
 * @param userStackError 0, or the negative errno of reading the user stack when none could be read
 */
public record SyscallEvent(int tid, int nr, long startNanos, long durationNanos, long result,
                           long[] userStack, long[] kernelStack, int userStackError) {

    /** The system call's name, e.g. {@code fsync}. */
    public String name() {
        return SyscallNames.name(nr);
    }

    /** Whether the call failed: the result is a negated errno. */
    public boolean failed() {
        return result < 0 && result >= -4095;
    }

    /** The errno name when the call failed, e.g. {@code EAGAIN}; null when it succeeded. */
    public String errnoName() {
        return failed() ? Errno.name((int) -result) : null;
    }

    /** The result as people read it: {@code 0}, {@code 4096}, or {@code -EAGAIN (11)}. */
    public String describeResult() {
        return failed() ? "-" + Errno.describe((int) -result) : Long.toString(result);
    }
}
