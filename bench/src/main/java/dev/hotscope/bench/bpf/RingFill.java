package dev.hotscope.bench.bpf;

import dev.hotscope.bpf.BpfMap;
import dev.hotscope.bpf.BpfObject;
import dev.hotscope.bpf.PerCpuCounters;
import dev.hotscope.bpf.TestPrograms;
import java.nio.ByteOrder;

/**
 * bpf's test program ringfill.bpf.o, loaded: {@link #fill} writes records into its ring from
 * inside one {@code getpriority} syscall, so the ring is full before any consumer looks at it.
 */
final class RingFill implements AutoCloseable {
    /** The ring's size: room for 2^17 records of up to 120 bytes. */
    static final int RING_BYTES = 16 << 20;

    private final BpfObject object;
    private final BenchNative.LibC libc = BenchNative.libc();
    private long sent;
    private long dropped;

    /** Loads and attaches the filler for records of {@code recordBytes} (a multiple of 8, 16 to 4096). */
    RingFill(int recordBytes) {
        this(recordBytes, RING_BYTES);
    }

    /** The same with a ring of {@code ringBytes}, a power of 2 multiple of the page size. */
    RingFill(int recordBytes, int ringBytes) {
        BenchNative.requireRoot();
        object = BpfObject.openResource(TestPrograms.RINGFILL);
        try {
            object.rodata().order(ByteOrder.nativeOrder()).putInt(0, recordBytes); // record_bytes
            object.setMaxEntries("ring", ringBytes);
            object.load();
            object.program("fill").attachTracepoint("syscalls", "sys_enter_getpriority");
        } catch (RuntimeException e) {
            object.close();
            throw e;
        }
    }

    /** The ring. */
    BpfMap ring() {
        return object.map("ring");
    }

    /** Writes {@code n} records; the ring must have room for them. */
    void fill(int n) {
        libc.getpriority(TestPrograms.RINGFILL_MAGIC, n);
    }

    /** Checks that every record of the last fills went in (reads the program's per-CPU counters). */
    void checkSent(long expected) {
        PerCpuCounters counters = PerCpuCounters.of(object.map("counters"));
        long s = counters.sum(0);
        long d = counters.sum(1);
        if (s - sent != expected || d != dropped) {
            throw new IllegalStateException("ringfill sent " + (s - sent) + " of " + expected + " records, dropped "
                + (d - dropped) + ": the ring was not drained");
        }
        sent = s;
        dropped = d;
    }

    /** The program's counters: 0 records sent, 1 records dropped (ring full), 2 fills, over all fills. */
    PerCpuCounters counters() {
        return PerCpuCounters.of(object.map("counters"));
    }

    /** Records sent since load. */
    long sent() {
        return sent;
    }

    @Override
    public void close() {
        object.close();
    }
}
