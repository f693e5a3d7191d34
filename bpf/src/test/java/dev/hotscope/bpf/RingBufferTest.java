package dev.hotscope.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java ring buffer consumer against blaster.bpf.o. */
class RingBufferTest {
    private BpfObject blaster;

    @BeforeEach
    void load() {
        BpfAssumptions.assumeBpf();
        blaster = BpfObject.openResource(TestPrograms.BLASTER);
        blaster.rodata().putInt(0, (int) TestNative.pid()).putInt(4, 100);
        blaster.setMaxEntries("ring", 64 * 4096);
        blaster.load();
        blaster.program("blast").attachTracepoint("syscalls", "sys_enter_getppid");
    }

    @AfterEach
    void close() {
        if (blaster != null) {
            blaster.close();
        }
    }

    private void trigger(int times) {
        for (int i = 0; i < times; i++) {
            TestNative.libc().getppid();
        }
    }

    private static void drain(RingBuffer ring, long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ring.consumed() < expected && System.nanoTime() < deadline) {
            ring.poll(Duration.ofMillis(100));
        }
    }

    @Test
    void deliversEveryRecordInOrderAsReadOnlyNativeOrderViews() {
        List<Long> seqs = new ArrayList<>();
        List<Throwable> wrongViews = new ArrayList<>();
        try (RingBuffer ring = RingBuffer.open(blaster.map("ring"), record -> {
                if (!record.isReadOnly() || record.order() != ByteOrder.nativeOrder() || record.remaining() != 64) {
                    wrongViews.add(new AssertionError(record.toString()));
                }
                seqs.add(record.getLong(0));
                assertThat(Integer.toUnsignedLong(record.getInt(16))).as("tid").isPositive();
            })) {
            assertThat(ring.consume()).isZero();
            assertThat(ring.poll(Duration.ZERO)).isZero();
            trigger(10);
            drain(ring, 1000);
            assertThat(ring.consumed()).isEqualTo(1000);
            assertThat(ring.handlerErrors()).isZero();
            assertThat(ring.pending()).isZero();
        }
        assertThat(wrongViews).isEmpty();
        PerCpuCounters counters = PerCpuCounters.of(blaster.map("counters"));
        assertThat(counters.sum(0)).as("sent").isEqualTo(1000);
        assertThat(counters.sum(1)).as("dropped").isZero();
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
        }
    }

    @Test
    void inPlaceHandlerReadsEveryRecordFromOneSharedReadOnlyView() {
        List<Long> seqs = new ArrayList<>();
        List<ByteBuffer> views = new ArrayList<>();
        List<Throwable> wrong = new ArrayList<>();
        try (RingBuffer ring = RingBuffer.openInPlace(blaster.map("ring"), (data, offset, length) -> {
                if (views.isEmpty() || views.get(views.size() - 1) != data) {
                    views.add(data);
                }
                if (!data.isReadOnly() || data.order() != ByteOrder.nativeOrder() || length != 64 || offset % 8 != 0
                    || offset + length > data.capacity()) {
                    wrong.add(new AssertionError(data + " offset " + offset + " length " + length));
                }
                seqs.add(data.getLong(offset));
                assertThat(Integer.toUnsignedLong(data.getInt(offset + 16))).as("tid").isPositive();
            })) {
            trigger(10);
            drain(ring, 1000);
            assertThat(ring.consumed()).isEqualTo(1000);
            assertThat(ring.handlerErrors()).isZero();
            assertThat(ring.pending()).as("every record released").isZero();
        }
        assertThat(wrong).isEmpty();
        assertThat(views).as("one buffer for all records").hasSize(1);
        assertThat(seqs).hasSize(1000);
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
        }
    }

    @Test
    void inPlaceHandlerThatMovesTheLimitBreaksOnlyItsOwnReads() {
        long[] calls = {0};
        try (RingBuffer ring = RingBuffer.openInPlace(blaster.map("ring"), (data, offset, length) -> {
                calls[0]++;
                data.getLong(offset); // fails once the limit below took effect, until the next walk
                data.limit(0);
            })) {
            trigger(10);
            drain(ring, 1000);
            assertThat(ring.consumed()).isEqualTo(1000);
            assertThat(ring.pending()).isZero();
            long errors = ring.handlerErrors();
            assertThat(errors).isPositive().isLessThan(1000);
            trigger(1);
            drain(ring, 1100);
            assertThat(ring.consumed()).as("the next walk resets the view").isEqualTo(1100);
            assertThat(ring.handlerErrors()).isEqualTo(errors + 99);
        }
        assertThat(calls[0]).isEqualTo(1100);
    }

    @Test
    void fullRingDropsInTheKernelAndCountsThem() {
        try (RingBuffer ring = RingBuffer.open(blaster.map("ring"), record -> { })) {
            trigger(50); // 5000 records of 72 bytes into 256 KiB: about 3600 fit
            PerCpuCounters counters = PerCpuCounters.of(blaster.map("counters"));
            long sent = counters.sum(0);
            assertThat(sent + counters.sum(1)).isEqualTo(5000);
            assertThat(counters.sum(1)).isPositive();
            drain(ring, sent);
            assertThat(ring.consumed()).isEqualTo(sent);
        }
    }

    @Test
    void handlerExceptionsAreCountedAndKeptNotThrown() {
        try (RingBuffer ring = RingBuffer.open(blaster.map("ring"), record -> {
                if (record.getLong(0) % 2 == 0) {
                    throw new IllegalStateException("even " + record.getLong(0));
                }
                record.putInt(0, 1); // read-only: throws too
            })) {
            trigger(10);
            drain(ring, 1000);
            assertThat(ring.consumed()).isEqualTo(1000);
            assertThat(ring.handlerErrors()).isEqualTo(1000);
            assertThat(ring.errors()).hasSize(8)
                .hasAtLeastOneElementOfType(IllegalStateException.class)
                .hasAtLeastOneElementOfType(ReadOnlyBufferException.class);
        }
    }

    @Test
    void closeWakesABlockedPollAndIsIdempotent() throws Exception {
        RingBuffer ring = RingBuffer.open(blaster.map("ring"), record -> { });
        CompletableFuture<Integer> poll = CompletableFuture.supplyAsync(() -> ring.poll(Duration.ofSeconds(30)));
        Thread.sleep(100);
        long start = System.nanoTime();
        ring.close();
        assertThat(poll.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
        ring.close();
        assertThat(ring.isClosed()).isTrue();
        assertThat(ring.poll(Duration.ofMillis(1))).isZero();
        assertThat(ring.consume()).isZero();
    }

    @Test
    void theHandlerMayCloseTheRingAndCannotPollItself() {
        RingBuffer[] self = new RingBuffer[1];
        int[] seen = {0};
        int[] nested = {-1};
        self[0] = RingBuffer.open(blaster.map("ring"), record -> {
            seen[0]++;
            if (seen[0] == 10) {
                nested[0] = self[0].poll(Duration.ofSeconds(1));
                self[0].close();
            }
        });
        trigger(1);
        assertThat(self[0].poll(Duration.ofSeconds(5))).isEqualTo(10);
        assertThat(seen[0]).isEqualTo(10);
        assertThat(nested[0]).isZero();
        assertThat(self[0].isClosed()).isTrue();
        assertThat(self[0].poll(Duration.ZERO)).isZero();
    }

    @Test
    void aStaleRecordViewReadsZerosInsteadOfCrashing() {
        ByteBuffer[] kept = new ByteBuffer[1];
        RingBuffer ring = RingBuffer.open(blaster.map("ring"), record -> kept[0] = record);
        trigger(1);
        drain(ring, 100);
        ring.close();
        assertThat(kept[0]).isNotNull();
        assertThat(kept[0].getLong(0)).isZero();
    }

    @Test
    void onlyRingBufferMapsAndLoadedObjects() {
        assertThatThrownBy(() -> RingBuffer.open(blaster.map("counters"), record -> { }))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not RINGBUF");
        BpfMap ring = blaster.map("ring");
        blaster.close();
        assertThatThrownBy(() -> RingBuffer.open(ring, record -> { })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void throughputHarnessLosesNothingSilently() throws Exception {
        RingBufferThroughput.Result result = RingBufferThroughput.run(Duration.ofMillis(300), 64, 1 << 20);
        assertThat(result.consumed()).isPositive().isEqualTo(result.sent());
        assertThat(result.handlerErrors()).isZero();
        assertThat(result.seqErrors()).isZero();
        System.out.println("ring buffer throughput: " + result);
    }
}
