package dev.hotscope.bench.bpf;

import dev.hotscope.bpf.RingBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The producer alone: how fast a BPF program can put records into a ring buffer that nobody is
 * reading, i.e. the ceiling the kernel side sets for any consumer. One invocation is one
 * {@code getpriority} syscall in which ringfill.bpf.c reserves, writes and submits
 * {@value RingBufferDrainBenchmark#RECORDS} records in a {@code bpf_loop}; the ring is drained,
 * untimed, before each.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RingBufferFillBenchmark {
    static final int RECORDS = RingBufferDrainBenchmark.RECORDS;

    /*
     * Lesson 1: the producer's price per record. bpf_ringbuf_reserve takes
     * the ring's spinlock and bpf_ringbuf_submit flips the busy bit, per
     * record; with BPF_RB_NO_WAKEUP no consumer is woken. Records per second
     * here bound what any consumer can see, before the cost of the syscall or
     * tracepoint that triggers the program. Compare with lessons 2-5.
     */
    @Param({"16", "64"})
    int recordBytes;

    RingFill fill;
    RingBuffer ring;
    boolean filled;

    @Setup(Level.Trial)
    public void open() {
        fill = new RingFill(recordBytes);
        ring = RingBuffer.open(fill.ring(), record -> { });
    }

    @Setup(Level.Invocation)
    public void drainRing() {
        if (filled) {
            fill.checkSent(RECORDS);
            if (ring.consume() != RECORDS) {
                throw new IllegalStateException("the ring did not hold " + RECORDS + " records");
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void fill() {
        fill.fill(RECORDS);
        filled = true;
    }

    @TearDown(Level.Trial)
    public void close() {
        ring.close();
        fill.close();
    }
}

/*
 * How to run: sudo bench/run-bpf.sh, or as root
 *   java -jar bench/target/benchmarks.jar RingBufferFillBenchmark
 */
