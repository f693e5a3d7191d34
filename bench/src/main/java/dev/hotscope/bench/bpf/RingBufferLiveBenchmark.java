package dev.hotscope.bench.bpf;

import dev.hotscope.bpf.BpfObject;
import dev.hotscope.bpf.PerCpuCounters;
import dev.hotscope.bpf.RingBuffer;
import dev.hotscope.bpf.TestPrograms;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jnr.ffi.Pointer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Producer and consumer at the same time, as in real tracing: one thread makes {@code getppid()}
 * calls, each of which has blaster.bpf.c write {@code burst} 64-byte records (with the kernel's
 * usual wakeups); another polls the ring and decodes. {@code live:records} is what the consumer
 * decoded per second; swap the consumer for libbpf's and see whether the rate moves.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Group)
public class RingBufferLiveBenchmark {
    static final int RING_BYTES = 1 << 20;
    static final Duration WAIT = Duration.ofMillis(1);

    /*
     * Lesson 5: who limits a live pipeline. If the Java consumer (lessons 2-3)
     * were the bottleneck, libbpf's consumer here would decode more records
     * per second and the kernel would drop fewer. With both consumers far
     * faster than the producer, the rate is set by the producer's syscalls
     * and records, by wakeups (a consumer that caught up sleeps in epoll and
     * the next record wakes it), and by two threads sharing the CPUs.
     */
    @Param({"java", "libbpf"})
    String consumer;

    /* Records per getppid(): 16 is wakeup-bound, 256 close to the producer's own limit. */
    @Param({"16", "256"})
    int burst;

    BpfObject blaster;
    RingBuffer ring;
    BenchNative.RingLib lib;
    Pointer cRing;
    boolean c;
    BenchNative.LibC libc;
    long consumed;
    long nextSeq;
    long seqErrors;
    long sum;
    RingBufferDrainBenchmark.Sample last;

    /** Records decoded in an iteration: reported per second as {@code live:records}. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Decoded {
        public long records;

        @Setup(Level.Iteration)
        public void reset() {
            records = 0;
        }
    }

    @Setup(Level.Trial)
    public void open() {
        BenchNative.requireRoot();
        libc = BenchNative.libc();
        blaster = BpfObject.openResource(TestPrograms.BLASTER);
        ByteBuffer rodata = blaster.rodata().order(ByteOrder.nativeOrder());
        rodata.putInt(0, (int) ProcessHandle.current().pid()); // tgid
        rodata.putInt(4, burst);                                // burst
        blaster.setMaxEntries("ring", RING_BYTES);
        blaster.load();
        if ("libbpf".equals(consumer)) {
            lib = BenchNative.ringLib();
            cRing = lib.hs_ring_open(blaster.map("ring").fd());
            c = true;
        } else {
            ring = RingBuffer.open(blaster.map("ring"), this::decode);
        }
        blaster.program("blast").attachTracepoint("syscalls", "sys_enter_getppid");
    }

    private void decode(ByteBuffer record) {
        RingBufferDrainBenchmark.Sample s = new RingBufferDrainBenchmark.Sample(record.getLong(0), record.getLong(8),
            record.limit());
        if (s.seq() != nextSeq && nextSeq != 0) {
            seqErrors++;
        }
        nextSeq = s.seq() + 1;
        sum += s.seq();
        last = s;
    }

    @Benchmark
    @Group("live")
    @GroupThreads(1)
    public int produce() {
        return libc.getppid();
    }

    @Benchmark
    @Group("live")
    @GroupThreads(1)
    public long consume(Decoded decoded) {
        long n = c ? lib.hs_ring_poll(cRing, 1) : ring.poll(WAIT);
        decoded.records += n;
        consumed += n;
        return n;
    }

    @TearDown(Level.Trial)
    public void close() {
        blaster.links().forEach(link -> link.close());
        long rest;
        do {
            rest = c ? lib.hs_ring_poll(cRing, 10) : ring.poll(Duration.ofMillis(10));
            consumed += rest;
        } while (rest > 0);
        PerCpuCounters counters = PerCpuCounters.of(blaster.map("counters"));
        long sent = counters.sum(0);
        long dropped = counters.sum(1);
        // Read by bench/run-bpf.sh. Drops are not errors here: they are what a slow side costs.
        System.out.println("[ring-live] consumer=" + consumer + " burst=" + burst + " sent=" + sent + " dropped=" + dropped
            + " consumed=" + consumed + " seqErrors=" + (c ? lib.hs_ring_seq_errors(cRing) : seqErrors));
        if (ring != null) {
            ring.close();
        }
        if (cRing != null) {
            lib.hs_ring_close(cRing);
        }
        blaster.close();
        if (consumed != sent) {
            throw new IllegalStateException("consumed " + consumed + " of " + sent + " records sent");
        }
    }
}

/*
 * How to run: sudo bench/run-bpf.sh, or as root (libhsringbench.so next to the jar, see
 * RingBufferDrainBenchmark)
 *   java -jar bench/target/benchmarks.jar RingBufferLiveBenchmark -p burst=256
 * The line "live:records" is the decoded rate; "live:produce" times burst is the attempted one.
 */
