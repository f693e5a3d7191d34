package dev.hotscope.bpf.sched;

import dev.hotscope.bpf.hist.Log2Histogram;
import java.util.Objects;

/**
 * The run-queue latency histogram the kernel keeps for one thread.
 *
 * @param tid the thread's OS id
 * @param micros waits in microseconds, power-of-two slots; not null
 * @param count waits counted
 * @param totalNanos their summed duration
 */
public record RunQueueHistogram(long tid, Log2Histogram micros, long count, long totalNanos) {
    /**
     * @throws NullPointerException if micros is null
     */
    public RunQueueHistogram {
        Objects.requireNonNull(micros, "micros");
    }
}
