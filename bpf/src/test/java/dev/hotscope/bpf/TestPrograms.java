package dev.hotscope.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The BPF objects the tests load, and the layouts they share with them. */
public final class TestPrograms {
    private TestPrograms() {}

    /** The shipped syscall latency program. */
    public static final String SYSCALLS = "dev/hotscope/bpf/programs/syscalls.bpf.o";
    /** Counters for uprobe, USDT, perf event, kprobe and raw tracepoint programs. */
    public static final String PROBES = "dev/hotscope/bpf/testprograms/probes.bpf.o";
    /** A program the verifier rejects. */
    public static final String BAD = "dev/hotscope/bpf/testprograms/bad.bpf.o";
    /** Ring buffer load generator. */
    public static final String BLASTER = "dev/hotscope/bpf/testprograms/blaster.bpf.o";
    /** Ring buffer pre-filler: one {@code getpriority(RINGFILL_MAGIC, n)} writes n records (benchmarks). */
    public static final String RINGFILL = "dev/hotscope/bpf/testprograms/ringfill.bpf.o";
    /** Raw tracepoint programs on sys_enter/sys_exit that only compare the tgid (benchmarks). */
    public static final String SYSCALLFLOOR = "dev/hotscope/bpf/testprograms/syscallfloor.bpf.o";
    /** The {@code which} argument of getpriority that makes ringfill.bpf.c fill its ring. */
    public static final int RINGFILL_MAGIC = 0x52494e47;

    /** Slots of probes.bpf.c's {@code hits} array. */
    public static final int HIT_UPROBE = 0;
    public static final int HIT_URETPROBE = 1;
    public static final int HIT_USDT = 2;
    public static final int HIT_USDT_COOKIE = 3;
    public static final int HIT_PERF = 4;
    public static final int HIT_RAW_TP = 6;
    public static final int HIT_USDT_ARG0 = 7;

    /** A u32 key in native order. */
    public static byte[] u32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }

    /** The u64 in native order at the start of bytes. */
    public static long u64(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).getLong();
    }

    /** probes.bpf.c's counter for a slot. */
    public static long hits(BpfObject probes, int slot) {
        return u64(probes.map("hits").lookup(u32(slot)));
    }

    /** Opens probes.bpf.o with its {@code tgid} rodata set to this process, and loads it. */
    public static BpfObject loadProbes() {
        BpfObject probes = BpfObject.openResource(PROBES);
        try {
            probes.rodata().putInt(0, (int) TestNative.pid());
            probes.load();
            return probes;
        } catch (RuntimeException e) {
            probes.close();
            throw e;
        }
    }
}
