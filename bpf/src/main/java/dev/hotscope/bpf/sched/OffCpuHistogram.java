package dev.hotscope.bpf.sched;

import dev.hotscope.bpf.hist.Log2Histogram;
import java.util.Objects;

/**
 * The off-CPU histogram the kernel keeps for one thread and one reason: every interval, however
 * short, whether its record was sent or not.
 *
 * @param tid the thread's OS id
 * @param reason why the thread was off CPU; not null
 * @param micros intervals in microseconds, power-of-two slots; not null
 * @param count intervals counted
 * @param totalNanos their summed duration
 */
public record OffCpuHistogram(long tid, OffCpuReason reason, Log2Histogram micros, long count, long totalNanos) {
    /**
     * @throws NullPointerException if reason or micros is null
     */
    public OffCpuHistogram {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(micros, "micros");
    }
}
