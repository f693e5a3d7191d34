package dev.hotscope.bench.bpf;

import dev.hotscope.bpf.BpfMap;
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
 * Producer and consumer at the same time, as in real tracing: one thread makes syscalls, each of
 * which has a BPF program write {@code burst} 64-byte records; another consumes and decodes.
 * {@code live:records} is what the consumer decoded per second; records the ring had no room for
 * are dropped and counted by the program (printed at the end of the trial, warmup included). Swap the consumer for libbpf's and
 * see whether the rate moves; swap the producer for one that never wakes the consumer and see that.
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
     * Lesson 6: who limits a live pipeline. The consumers are those of
     * lessons 2, 3 and 5. If the Java consumer were the bottleneck, libbpf's here
     * would decode more records per second and the kernel would drop fewer.
     * If the rates match, the limit is elsewhere: the producer's syscalls and
     * records, wakeups (a consumer that caught up sleeps in epoll and the
     * next record wakes it), every record's cache lines moving from the
     * producer's CPU to the consumer's, and two threads sharing the CPUs.
     */
    @Param({"slice", "offset", "libbpf"})
    String consumer;

    /* Records per syscall. */
    @Param({"16", "256"})
    int burst;

    /*
     * "blaster": blaster.bpf.c on getppid(), records submitted with the
     * kernel's default notification (wake the consumer when it has caught
     * up), the consumer blocking in epoll (poll with 1 ms timeout), as
     * tracers run. "quiet": ringfill.bpf.c on getpriority(), records
     * submitted with BPF_RB_NO_WAKEUP and a consumer that busy-polls
     * (consume() in a loop, no epoll): no wakeups at all, at the price of
     * a consumer that spins.
     */
    @Param({"blaster"})
    String producer;

    BpfObject blaster;
    RingFill quiet;
    boolean spin;
    RingBuffer ring;
    BenchNative.RingLib lib;
    Pointer cRing;
    boolean c;
    BenchNative.LibC libc;
    long consumed;
    long syscalls;
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
        BpfMap map;
        switch (producer) {
            case "blaster":
                blaster = BpfObject.openResource(TestPrograms.BLASTER);
                ByteBuffer rodata = blaster.rodata().order(ByteOrder.nativeOrder());
                rodata.putInt(0, (int) ProcessHandle.current().pid()); // tgid
                rodata.putInt(4, burst);                                // burst
                blaster.setMaxEntries("ring", RING_BYTES);
                blaster.load();
                map = blaster.map("ring");
                break;
            case "quiet":
                quiet = new RingFill(64, RING_BYTES);
                map = quiet.ring();
                spin = true;
                break;
            default:
                throw new IllegalArgumentException("producer " + producer);
        }
        if ("libbpf".equals(consumer)) {
            lib = BenchNative.ringLib();
            cRing = lib.hs_ring_open(map.fd());
            c = true;
        } else if ("offset".equals(consumer)) {
            ring = RingBuffer.openInPlace(map, this::decodeAt);
        } else {
            ring = RingBuffer.open(map, this::decode);
        }
        if (blaster != null) {
            blaster.program("blast").attachTracepoint("syscalls", "sys_enter_getppid");
        }
    }

    private void decode(ByteBuffer record) {
        check(new RingBufferDrainBenchmark.Sample(record.getLong(0), record.getLong(8), record.limit()));
    }

    private void decodeAt(ByteBuffer data, int offset, int length) {
        check(new RingBufferDrainBenchmark.Sample(data.getLong(offset), data.getLong(offset + 8), length));
    }

    private void check(RingBufferDrainBenchmark.Sample s) {
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
        syscalls++;
        return quiet != null ? libc.getpriority(TestPrograms.RINGFILL_MAGIC, burst) : libc.getppid();
    }

    @Benchmark
    @Group("live")
    @GroupThreads(1)
    public long consume(Decoded decoded) {
        long n = spin ? (c ? lib.hs_ring_consume(cRing) : ring.consume())
            : (c ? lib.hs_ring_poll(cRing, 1) : ring.poll(WAIT));
        decoded.records += n;
        consumed += n;
        return n;
    }

    @TearDown(Level.Trial)
    public void close() {
        if (blaster != null) {
            blaster.links().forEach(link -> link.close());
        }
        // No producer runs now: what is left is drained without waiting.
        long rest;
        do {
            rest = c ? lib.hs_ring_consume(cRing) : ring.consume();
            consumed += rest;
        } while (rest > 0);
        PerCpuCounters counters = blaster != null ? PerCpuCounters.of(blaster.map("counters")) : quiet.counters();
        long sent = counters.sum(0);
        long dropped = counters.sum(1);
        // Read by bench/run-bpf.sh. Drops are not errors here: they are what a slow side costs.
        System.out.println("[ring-live] producer=" + producer + " consumer=" + consumer + " burst=" + burst + " sent=" + sent + " dropped=" + dropped
            + " consumed=" + consumed + " syscalls=" + syscalls + (quiet != null ? " fills=" + counters.sum(2) : "")
            + " seqErrors=" + (c ? lib.hs_ring_seq_errors(cRing) : seqErrors));
        if (ring != null) {
            ring.close();
        }
        if (cRing != null) {
            lib.hs_ring_close(cRing);
        }
        if (blaster != null) {
            blaster.close();
        }
        if (quiet != null) {
            quiet.close();
        }
        if (consumed != sent) {
            throw new IllegalStateException("consumed " + consumed + " of " + sent + " records sent");
        }
    }
}

/*
 * How to run: sudo bench/run-bpf.sh, or as root (libhsringbench.so next to the jar, see
 * RingBufferDrainBenchmark)
 *   java -jar bench/target/benchmarks.jar RingBufferLiveBenchmark -p burst=256 -p producer=blaster,quiet
 * The line "live:records" is the decoded rate.
 */
