package dev.hotscope.bpf.locks;

import dev.hotscope.bpf.hist.Log2Histogram;
import java.util.Objects;

/**
 * The wait histogram the kernel keeps for one thread and one kind of wait: every futex wait (or
 * contended monitor enter), however short, whether its record was sent or not.
 *
 * @param tid the thread's OS id
 * @param monitor true for contended monitor enters, false for futex waits
 * @param micros waits in microseconds, power-of-two slots; not null
 * @param count waits counted
 * @param totalNanos their summed duration
 */
public record LockWaitHistogram(int tid, boolean monitor, Log2Histogram micros, long count, long totalNanos) {
    /**
     * @throws NullPointerException if micros is null
     */
    public LockWaitHistogram {
        Objects.requireNonNull(micros, "micros");
    }

    /** {@code futex} or {@code monitor}. */
    public String kind() {
        return monitor ? "monitor" : "futex";
    }
}
