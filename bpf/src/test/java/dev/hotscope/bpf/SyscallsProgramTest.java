package dev.hotscope.bpf;

import static dev.hotscope.bpf.TestPrograms.u32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads the shipped syscalls.bpf.o on this JVM and reads what it records. */
class SyscallsProgramTest {
    private static final int SYS_WRITE = 1;
    private static final int SYS_NANOSLEEP = 35;
    private static final int SYS_CLOCK_NANOSLEEP = 230;
    private static final int SYS_FUTEX = 202;
    /** Header, 32 kernel frames, then the user stack sample (registers and 16 KiB of stack). */
    private static final int EVENT_BYTES = 40 + 8 * 32 + 32 + 16384;
    private static final int USER_STACK_SIZE = 40 + 8 * 32 + 24;
    private static final int HIST_BYTES = 8 * (32 + 2);

    record Event(long tid, int nr, long startNs, long durationNs, long ret, int userStackBytes, int kernelStackBytes) {
        static Event of(ByteBuffer b) {
            return new Event(Integer.toUnsignedLong(b.getInt(0)), b.getInt(4), b.getLong(8), b.getLong(16), b.getLong(24),
                b.getInt(USER_STACK_SIZE), b.getInt(32));
        }
    }

    @TempDir
    Path dir;

    @BeforeEach
    void bpf() {
        BpfAssumptions.assumeBpf();
    }

    @Test
    void recordsThisProcessSyscallsWithDurations() throws Exception {
        List<Event> events = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        try (BpfObject syscalls = BpfObject.openResource(TestPrograms.SYSCALLS)) {
            ByteBuffer cfg = syscalls.rodata();
            assertThat(cfg.capacity()).isGreaterThanOrEqualTo(16);
            cfg.putInt(0, (int) TestNative.pid());  // cfg.tgid
            cfg.putLong(8, 0);                      // cfg.min_ns: send every call
            syscalls.setMaxEntries("events", 8 << 20);
            syscalls.load();
            assertThatThrownBy(syscalls::rodata).isInstanceOf(IllegalStateException.class);
            assertThat(syscalls.map("events").maxEntries()).isEqualTo(8 << 20);

            try (RingBuffer ring = RingBuffer.open(syscalls.map("events"), record -> {
                     sizes.add(record.remaining());
                     events.add(Event.of(record));
                 })) {
                syscalls.program("hs_sys_enter").attachRawTracepoint("sys_enter");
                syscalls.program("hs_sys_exit").attachRawTracepoint("sys_exit");
                syscalls.program("hs_thread_exit").attachTracepoint("sched", "sched_process_exit");
                assertThat(syscalls.links()).hasSize(3);

                Files.write(dir.resolve("x"), new byte[4096]);
                Thread.sleep(30);
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (!hasSleep(events) && System.nanoTime() < deadline) {
                    ring.poll(Duration.ofMillis(100));
                }
                assertThat(ring.consumed()).isEqualTo(events.size());
                assertThat(ring.handlerErrors()).isZero();
            }

            assertThat(sizes).allMatch(size -> size == EVENT_BYTES);
            List<Long> threads = TestNative.threadIds();
            assertThat(events).isNotEmpty().allSatisfy(e -> {
                assertThat(e.nr()).isBetween(0, 1023);
                assertThat(e.durationNs()).isGreaterThanOrEqualTo(0).isLessThan(Duration.ofMinutes(10).toNanos());
                assertThat(e.startNs()).isPositive();
            });
            assertThat(events).anySatisfy(e -> assertThat(threads).contains(e.tid()));
            Event sleep = events.stream().filter(e -> isSleep(e.nr()) && e.durationNs() >= 25_000_000L).findFirst()
                .orElseThrow(() -> new AssertionError("no sleep of 30 ms among " + events.size() + " events"));
            assertThat(sleep.durationNs()).isLessThan(Duration.ofSeconds(5).toNanos());
            assertThat(events).anySatisfy(e -> assertThat(e.nr()).isIn(SYS_WRITE, 18 /* pwrite64 */, 20 /* writev */));
            assertThat(sleep.userStackBytes()).isPositive();

            PerCpuCounters counters = PerCpuCounters.of(syscalls.map("counters"));
            assertThat(counters.sum(0)).as("sent").isGreaterThanOrEqualTo(events.size());
            assertThat(counters.perCpu(1)).as("dropped per CPU").hasSize(syscalls.map("counters").valuesPerKey());

            BpfMap hists = syscalls.map("hists");
            assertThat(hists.type()).isEqualTo(BpfMapType.HASH);
            assertThat(hists.keySize()).isEqualTo(8);
            assertThat(hists.valueSize()).isEqualTo(HIST_BYTES);
            List<BpfMap.Entry> entries = hists.entries();
            assertThat(entries).isNotEmpty();
            assertThat(entries).anySatisfy(entry -> {
                ByteBuffer key = ByteBuffer.wrap(entry.key()).order(java.nio.ByteOrder.nativeOrder());
                ByteBuffer value = ByteBuffer.wrap(entry.value()).order(java.nio.ByteOrder.nativeOrder());
                assertThat(isSleep(key.getInt(4))).isTrue();
                assertThat(value.getLong(8 * 32)).as("count").isPositive();
                assertThat(value.getLong(8 * 33)).as("sum_ns").isGreaterThanOrEqualTo(25_000_000L);
            });

            BpfMap inflight = syscalls.map("inflight");
            assertThat(inflight.type()).isEqualTo(BpfMapType.HASH);
            // Slots of this JVM's threads; those of parked threads (futex, epoll_wait) are in flight
            // right now (start > 0), those between calls hold start 0.
            List<byte[]> slots = inflight.keys();
            long inFlight = slots.stream().map(inflight::lookup)
                .filter(call -> call != null && TestPrograms.u64(call) > 0).count();
            assertThat(slots).isNotEmpty();
            assertThat(inFlight).isPositive();
            assertThat(inflight.lookup(u32(-1))).isNull();
        }
    }

    private static boolean hasSleep(List<Event> events) {
        return events.stream().anyMatch(e -> isSleep(e.nr()) && e.durationNs() >= 25_000_000L);
    }

    private static boolean isSleep(int nr) {
        return nr == SYS_NANOSLEEP || nr == SYS_CLOCK_NANOSLEEP || nr == SYS_FUTEX;
    }
}
