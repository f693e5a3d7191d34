package dev.hotscope.bpf.locks;

import dev.hotscope.usdt.internal.Errno;
import java.util.Arrays;
import java.util.Objects;

/**
 * One futex wait that took at least the tracer's threshold: a thread blocked in
 * {@code futex(2)} (pthread condition variables and mutexes, so {@code LockSupport.park}, contended
 * {@code synchronized}, {@code Object.wait}, {@code Thread.sleep} on JDK 17 ...). Immutable: the
 * stack array is copied in and out.
 *
 * @param tid the waiting thread's OS thread id
 * @param uaddr the futex word's address (the first one for {@code futex_waitv})
 * @param op the futex op word, see {@link FutexOps}
 * @param startNanos when the wait began, CLOCK_MONOTONIC (comparable with {@link System#nanoTime()})
 * @param durationNanos from entering the system call to leaving it
 * @param result the system call's return value: 0, or a negated errno ({@code -ETIMEDOUT},
 *     {@code -EAGAIN} when the futex word had changed, {@code -EINTR} ...)
 * @param wakerTid the thread that woke the waiter; 0 when unknown, for timeouts and other timer
 *     wake-ups, and for wake-ups from the idle task
 * @param wakerInProcess whether the waker is a thread of the traced process
 * @param wakerName the waker's {@code comm} (thread name, up to 15 bytes); empty when unknown
 * @param wokenByTimer whether an expiring timer woke the waiter (its timeout; it may still return 0
 *     when a task's wake-up reached it before it ran again)
 * @param wokenNanos when the waiter was woken (CLOCK_MONOTONIC), also for timeouts; 0 if never seen
 * @param runQueueNanos from the wake-up to the waiter's next switch onto a CPU; -1 if not seen
 *     (not woken, or woken before it had left the CPU)
 * @param userStack the waiter's user stack at the end of the wait, innermost first: return
 *     addresses unwound with DWARF CFI through native code and frame pointers through JIT code;
 *     empty if none could be read
 * @param userStackError 0, or the negative errno of reading the stack when none could be read
 */
public record FutexWaitEvent(int tid, long uaddr, int op, long startNanos, long durationNanos, long result,
                             int wakerTid, boolean wakerInProcess, String wakerName, boolean wokenByTimer,
                             long wokenNanos,
                             long runQueueNanos, long[] userStack, int userStackError) {
    /**
     * Creates an event; the stack is copied.
     *
     * @throws NullPointerException if wakerName or userStack is null
     */
    public FutexWaitEvent {
        Objects.requireNonNull(wakerName, "wakerName");
        userStack = userStack.clone();
    }

    /** A copy of the user stack's addresses, innermost first. */
    @Override
    public long[] userStack() {
        return userStack.clone();
    }

    /** The number of user stack frames, without copying them. */
    public int userStackDepth() {
        return userStack.length;
    }

    /**
     * One user stack address, without copying the stack.
     *
     * @param index 0 for the innermost frame
     * @return the address
     * @throws IndexOutOfBoundsException if index is not below {@link #userStackDepth()}
     */
    public long userStackFrame(int index) {
        return userStack[index];
    }

    /** Equal when every component is, the stack compared by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FutexWaitEvent e && tid == e.tid && uaddr == e.uaddr && op == e.op
            && startNanos == e.startNanos && durationNanos == e.durationNanos && result == e.result
            && wakerTid == e.wakerTid && wakerInProcess == e.wakerInProcess && wakerName.equals(e.wakerName)
            && wokenByTimer == e.wokenByTimer && wokenNanos == e.wokenNanos && runQueueNanos == e.runQueueNanos
            && Arrays.equals(userStack, e.userStack) && userStackError == e.userStackError;
    }

    /** A hash over every component, the stack by content. */
    @Override
    public int hashCode() {
        return Objects.hash(tid, uaddr, op, startNanos, durationNanos, result, wakerTid, wakerName, wokenNanos,
            runQueueNanos, userStackError) * 31 + Arrays.hashCode(userStack);
    }

    /** The components, the stack as hex addresses. */
    @Override
    public String toString() {
        StringBuilder stack = new StringBuilder("[");
        for (int i = 0; i < userStack.length; i++) {
            stack.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(userStack[i]));
        }
        return "FutexWaitEvent[tid=" + tid + ", uaddr=0x" + Long.toHexString(uaddr) + ", op=" + opName()
            + ", startNanos=" + startNanos + ", durationNanos=" + durationNanos + ", result=" + describeResult()
            + ", wakerTid=" + wakerTid + ", wakerInProcess=" + wakerInProcess + ", wakerName=" + wakerName
            + ", wokenByTimer=" + wokenByTimer + ", wokenNanos=" + wokenNanos + ", runQueueNanos=" + runQueueNanos
            + ", userStack=" + stack.append(']') + ", userStackError=" + userStackError + "]";
    }

    /** The op's name, e.g. {@code FUTEX_WAIT_BITSET|FUTEX_PRIVATE_FLAG}. */
    public String opName() {
        return FutexOps.name(op);
    }

    /** Whether the wait ended because its timeout expired ({@code -ETIMEDOUT}). */
    public boolean timedOut() {
        return result == -110;
    }

    /** Whether another task's wake-up ended the wait (the waker is then known). */
    public boolean wokenByThread() {
        return wakerTid != 0;
    }

    /** Whether the call failed: the result is a negated errno. */
    public boolean failed() {
        return result < 0 && result >= -4095;
    }

    /** The errno name when the call failed, e.g. {@code ETIMEDOUT}; null when it succeeded. */
    public String errnoName() {
        return failed() ? Errno.name((int) -result) : null;
    }

    /** The result as people read it: {@code 0}, or {@code -ETIMEDOUT (110)}. */
    public String describeResult() {
        return failed() ? "-" + Errno.describe((int) -result) : Long.toString(result);
    }
}
