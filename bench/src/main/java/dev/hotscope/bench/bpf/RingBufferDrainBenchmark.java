package dev.hotscope.bench.bpf;

import dev.hotscope.bpf.RingBuffer;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import jnr.ffi.Pointer;
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
 * How fast one consumer turns ring buffer records into objects, with no producer running: before
 * each invocation (untimed) ringfill.bpf.c writes {@value #RECORDS} records into the ring from
 * inside one syscall; the invocation drains them. The score is records per second.
 *
 * <p>Target: the Java consumer at least 5 M records/s. The reference is libbpf's own consumer,
 * {@code ring_buffer__consume}, draining the same ring on the same thread (lesson 4).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RingBufferDrainBenchmark {
    /** Records per fill and drain. */
    static final int RECORDS = 1 << 17;

    /*
     * Lessons 2-5, the consumers:
     *
     * Lesson 2, "slice": RingBuffer with a Handler, the API as the syscall
     * tracer uses it: every record arrives as its own ByteBuffer (a slice
     * of the mapping, position 0), which the handler decodes.
     *
     * Lesson 3, "offset": RingBuffer.openInPlace with a RecordHandler: the
     * handler gets one shared view of the data area and the record's offset
     * and length, so no buffer is made per record; only the Sample is.
     *
     * Lesson 4, "walk": RingBuffer.openInPlace with a handler that only
     * counts: what the ring's own walk costs per record (header load, checks,
     * consumer position release, the handler call). Lesson 3 minus this is
     * the decoding and the object.
     *
     * Lesson 5, "libbpf": libbpf's ring_buffer__consume on the same map,
     * with a C callback doing the same decoding (ringbuf_consume.c), called
     * once per drain through jnr-ffi. The Java/C ratio is lesson 2 or 3
     * divided by this.
     */
    @Param({"slice", "offset", "walk", "libbpf"})
    String consumer;

    /*
     * Payload bytes per record (8 bytes of header come on top). Decoding
     * reads the first 16 either way, so bigger records only add memory
     * traffic: 16 is the per-record cost, 64 the blaster's size.
     */
    @Param({"16", "64"})
    int recordBytes;

    /** What a record decodes into. */
    record Sample(long seq, long index, int length) {}

    RingFill fill;
    RingBuffer ring;
    BenchNative.RingLib lib;
    Pointer cRing;
    boolean c;

    /* The decoders' state: the last object made escapes to the heap through this field, so it is
     * really allocated; the sequence check sees every record. */
    Sample last;
    long sum;
    long nextSeq;
    long seqErrors;
    long walked;

    @Setup(Level.Trial)
    public void open() {
        fill = new RingFill(recordBytes);
        switch (consumer) {
            case "slice":
                ring = RingBuffer.open(fill.ring(), this::decode);
                break;
            case "offset":
                ring = RingBuffer.openInPlace(fill.ring(), this::decodeAt);
                break;
            case "walk":
                ring = RingBuffer.openInPlace(fill.ring(), (data, offset, length) -> walked++);
                break;
            case "libbpf":
                lib = BenchNative.ringLib();
                cRing = lib.hs_ring_open(fill.ring().fd());
                if (cRing == null) {
                    throw new IllegalStateException("ring_buffer__new failed");
                }
                c = true;
                break;
            default:
                throw new IllegalArgumentException("consumer " + consumer);
        }
    }

    private void decode(ByteBuffer record) {
        Sample s = new Sample(record.getLong(0), record.getLong(8), record.limit());
        check(s);
    }

    private void decodeAt(ByteBuffer data, int offset, int length) {
        Sample s = new Sample(data.getLong(offset), data.getLong(offset + 8), length);
        check(s);
    }

    private void check(Sample s) {
        if (s.seq != nextSeq && nextSeq != 0) {
            seqErrors++;
        }
        nextSeq = s.seq + 1;
        sum += s.seq;
        last = s;
    }

    @Setup(Level.Invocation)
    public void fillRing() {
        fill.fill(RECORDS);
        fill.checkSent(RECORDS);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long drain() {
        long n = c ? lib.hs_ring_consume(cRing) : ring.consume();
        if (n != RECORDS) {
            throw new IllegalStateException(consumer + " drained " + n + " of " + RECORDS + " records");
        }
        return n;
    }

    @TearDown(Level.Trial)
    public void close() {
        long errors = c ? lib.hs_ring_seq_errors(cRing) : seqErrors;
        long handlerErrors = c ? 0 : ring.handlerErrors();
        // Read by bench/run-bpf.sh: every record sent was decoded, in order.
        System.out.println("[ring-bench] consumer=" + consumer + " recordBytes=" + recordBytes + " sent=" + fill.sent()
            + " seqErrors=" + errors + " handlerErrors=" + handlerErrors);
        if (ring != null) {
            ring.close();
        }
        if (cRing != null) {
            lib.hs_ring_close(cRing);
        }
        fill.close();
        if (errors != 0 || handlerErrors != 0) {
            throw new IllegalStateException(consumer + ": " + errors + " records out of sequence, " + handlerErrors
                + " handler errors");
        }
    }
}

/*
 * How to run: sudo bench/run-bpf.sh runs this with the others and prints the
 * Java/C ratio. By hand, as root, after building (mvn -q -DskipTests -pl bench
 * -am package) and compiling the C consumer next to the jar:
 *   gcc -O2 -shared -fPIC -o bench/target/libhsringbench.so \
 *       bench/src/main/c/ringbuf_consume.c -lbpf
 *   java -jar bench/target/benchmarks.jar RingBufferDrainBenchmark -p recordBytes=16
 */
