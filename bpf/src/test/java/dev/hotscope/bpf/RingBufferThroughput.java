package dev.hotscope.bpf;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ring buffer throughput harness, reusable by the bench module (through bpf's test jar): loads
 * blaster.bpf.o, whose program writes {@code burst} 64-byte records per {@code getppid()} of this
 * process, drives it from a producer thread, and consumes in the calling thread with
 * {@link RingBuffer#poll}. Needs root (or CAP_BPF+CAP_PERFMON).
 *
 * <pre>{@code
 * RingBufferThroughput.Result r = RingBufferThroughput.run(Duration.ofSeconds(2), 256, 1 << 20);
 * }</pre>
 */
public final class RingBufferThroughput {
    private RingBufferThroughput() {}

    /** Records per second consumed, with the program's own counts to check nothing was lost silently. */
    public record Result(long consumed, long sent, long dropped, long handlerErrors, long seqErrors, Duration elapsed) {
        /** Consumed records per second. */
        public double recordsPerSecond() {
            return consumed / (elapsed.toNanos() / 1e9);
        }

        @Override
        public String toString() {
            return String.format("%,.0f records/s (%,d consumed, %,d sent, %,d dropped in the kernel, %,d handler errors) in %d ms",
                recordsPerSecond(), consumed, sent, dropped, handlerErrors, elapsed.toMillis());
        }
    }

    /**
     * Runs the blaster.
     *
     * @param duration how long to produce
     * @param burst records per trigger (one {@code bpf_loop} in the program)
     * @param ringBytes ring size, a power of 2 multiple of the page size
     * @return what was produced and consumed
     */
    public static Result run(Duration duration, int burst, int ringBytes) throws InterruptedException {
        try (BpfObject blaster = BpfObject.openResource(TestPrograms.BLASTER)) {
            ByteBuffer rodata = blaster.rodata();
            rodata.putInt(0, (int) TestNative.pid()); // tgid
            rodata.putInt(4, burst);                  // burst
            blaster.setMaxEntries("ring", ringBytes);
            blaster.load();
            long[] lastSeq = {-1};
            long[] seqErrors = {0};
            try (RingBuffer ring = RingBuffer.open(blaster.map("ring"), record -> {
                    long seq = record.getLong(0);
                    if (seq <= lastSeq[0] && seq != 0) {
                        seqErrors[0]++;
                    }
                    lastSeq[0] = seq;
                 })) {
                BpfLink link = blaster.program("blast").attachTracepoint("syscalls", "sys_enter_getppid");
                AtomicBoolean producing = new AtomicBoolean(true);
                TestNative.LibC libc = TestNative.libc();
                Thread producer = new Thread(() -> {
                    while (producing.get()) {
                        libc.getppid();
                    }
                }, "ringbuf-blaster");
                long start = System.nanoTime();
                producer.start();
                long end = start + duration.toNanos();
                while (System.nanoTime() < end) {
                    ring.poll(Duration.ofMillis(10));
                }
                producing.set(false);
                producer.join();
                link.close(); // stop producing before the last drain
                while (ring.poll(Duration.ofMillis(50)) > 0) {
                    // drain what is left
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                PerCpuCounters counters = PerCpuCounters.of(blaster.map("counters"));
                return new Result(ring.consumed(), counters.sum(0), counters.sum(1), ring.handlerErrors(), seqErrors[0],
                    elapsed);
            }
        }
    }

    /** Prints one run: {@code [seconds [burst [ringBytes]]]}. */
    public static void main(String[] args) throws InterruptedException {
        Duration duration = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 3);
        int burst = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int ring = args.length > 2 ? Integer.parseInt(args[2]) : 1 << 20;
        System.out.println(run(duration, burst, ring));
    }
}
