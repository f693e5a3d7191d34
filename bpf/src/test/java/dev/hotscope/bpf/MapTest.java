package dev.hotscope.bpf;

import static dev.hotscope.bpf.TestPrograms.u32;
import static dev.hotscope.bpf.TestPrograms.u64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Map operations on the maps of syscalls.bpf.o (hash, per-CPU array) and probes.bpf.o (array). */
class MapTest {
    private static final int HIST_BYTES = 8 * 34;
    private BpfObject syscalls;

    @BeforeEach
    void load() {
        BpfAssumptions.assumeBpf();
        syscalls = BpfObject.openResource(TestPrograms.SYSCALLS);
        syscalls.rodata().putInt(0, -1); // trace no process: the maps stay ours
        syscalls.setMaxEntries("hists", 1024);
        syscalls.load();
    }

    @AfterEach
    void close() {
        if (syscalls != null) {
            syscalls.close();
        }
    }

    private static byte[] histKey(int tid, int nr) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(tid).putInt(nr).array();
    }

    private static byte[] hist(long count) {
        return ByteBuffer.allocate(HIST_BYTES).order(ByteOrder.nativeOrder()).putLong(8 * 32, count).array();
    }

    @Test
    void describesItsMaps() {
        BpfMap hists = syscalls.map("hists");
        assertThat(hists.name()).isEqualTo("hists");
        assertThat(hists.type()).isEqualTo(BpfMapType.HASH);
        assertThat(hists.typeCode()).isEqualTo(1);
        assertThat(hists.fd()).isNotNegative();
        assertThat(hists.id()).isPositive();
        assertThat(hists.maxEntries()).isEqualTo(1024);
        assertThat(syscalls.map("events").type()).isEqualTo(BpfMapType.RINGBUF);
        BpfMap counters = syscalls.map("counters");
        assertThat(counters.type().isPerCpu()).isTrue();
        assertThat(counters.valuesPerKey()).isEqualTo(cpusPossible());
        assertThat(counters.valueBytes()).isEqualTo(8 * cpusPossible());
        assertThat(syscalls.mapNames()).contains("hists", "inflight", "events", "counters");
    }

    @Test
    void updateLookupDeleteOnAHash() {
        BpfMap hists = syscalls.map("hists");
        assertThat(hists.lookup(histKey(1, 2))).isNull();
        hists.update(histKey(1, 2), hist(5));
        assertThat(u64(java.util.Arrays.copyOfRange(hists.lookup(histKey(1, 2)), 8 * 32, 8 * 33))).isEqualTo(5);
        assertThatThrownBy(() -> hists.update(histKey(1, 2), hist(6), BpfMap.UpdateFlag.NOEXIST))
            .isInstanceOf(BpfException.class)
            .satisfies(e -> assertThat(((BpfException) e).errnoName()).isEqualTo("EEXIST"));
        assertThatThrownBy(() -> hists.update(histKey(9, 9), hist(6), BpfMap.UpdateFlag.EXIST))
            .isInstanceOf(BpfException.class)
            .hasMessageContaining("ENOENT");

        ByteBuffer key = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).putInt(1).putInt(2).flip();
        ByteBuffer value = ByteBuffer.allocateDirect(HIST_BYTES).order(ByteOrder.nativeOrder());
        assertThat(hists.lookup(key, value)).isTrue();
        assertThat(value.getLong(8 * 32)).isEqualTo(5);
        assertThat(value.position()).isZero();
        ByteBuffer heapValue = ByteBuffer.allocate(HIST_BYTES + 8).order(ByteOrder.nativeOrder());
        heapValue.position(8);
        assertThat(hists.lookup(ByteBuffer.wrap(histKey(1, 2)), heapValue)).isTrue();
        assertThat(heapValue.getLong(8 + 8 * 32)).isEqualTo(5);
        assertThatThrownBy(() -> hists.lookup(key, ByteBuffer.allocateDirect(8)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs " + HIST_BYTES);
        assertThatThrownBy(() -> hists.lookup(new byte[3])).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("8 bytes");
        assertThatThrownBy(() -> hists.update(histKey(1, 2), new byte[8])).isInstanceOf(IllegalArgumentException.class);

        assertThat(hists.delete(histKey(1, 2))).isTrue();
        assertThat(hists.delete(histKey(1, 2))).isFalse();
        assertThat(hists.lookup(key, value)).isFalse();
    }

    @Test
    void keysAndBatchEntriesOfAHash() {
        BpfMap hists = syscalls.map("hists");
        for (int i = 0; i < 300; i++) {
            hists.update(histKey(i, i % 7), hist(i));
        }
        List<byte[]> keys = hists.keys();
        assertThat(keys).hasSize(300);
        assertThat(keys.stream().map(k -> ByteBuffer.wrap(k).order(ByteOrder.nativeOrder()).getInt(0)).collect(Collectors.toSet()))
            .hasSize(300);
        List<BpfMap.Entry> batch = hists.entriesBatch();
        assertThat(batch).hasSize(300).allSatisfy(entry -> {
            int tid = ByteBuffer.wrap(entry.key()).order(ByteOrder.nativeOrder()).getInt(0);
            assertThat(ByteBuffer.wrap(entry.value()).order(ByteOrder.nativeOrder()).getLong(8 * 32)).isEqualTo(tid);
        });
        assertThat(hists.entries()).hasSize(300);
    }

    @Test
    void perCpuArrayGivesOneValuePerPossibleCpu() {
        BpfMap counters = syscalls.map("counters");
        List<byte[]> values = counters.lookupPerCpu(u32(1));
        assertThat(values).hasSize(cpusPossible()).allSatisfy(v -> assertThat(v).hasSize(8));
        byte[] raw = new byte[counters.valueBytes()];
        ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder()).putLong(0, 40).putLong(8 * (cpusPossible() - 1), 2);
        counters.update(u32(1), raw);
        PerCpuCounters sums = PerCpuCounters.of(counters);
        assertThat(sums.sum(1)).isEqualTo(cpusPossible() == 1 ? 2 : 42);
        assertThat(sums.size()).isEqualTo(5); // HS_COUNTERS in syscalls.h
        assertThat(sums.sums()).hasSize(5);
        assertThat(counters.keys()).hasSize(5);
        assertThat(counters.entriesBatch()).hasSize(5).allSatisfy(e -> assertThat(e.values()).hasSize(cpusPossible()));
        assertThatThrownBy(() -> counters.lookup(u32(0))).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("lookupPerCpu");
        assertThatThrownBy(() -> sums.sum(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> PerCpuCounters.of(syscalls.map("hists"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arrayEntriesAndUndeletableKeys() {
        try (BpfObject probes = TestPrograms.loadProbes()) {
            BpfMap hits = probes.map("hits");
            assertThat(hits.type()).isEqualTo(BpfMapType.ARRAY);
            hits.update(u32(5), ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, 77).array());
            List<BpfMap.Entry> entries = hits.entries();
            assertThat(entries).hasSize(hits.maxEntries());
            assertThat(u64(entries.get(5).value())).isEqualTo(77);
            assertThatThrownBy(() -> hits.delete(u32(5))).isInstanceOf(BpfException.class).hasMessageContaining("EINVAL");
        }
    }

    @Test
    void operationsFailClearlyAfterClose() {
        BpfMap hists = syscalls.map("hists");
        syscalls.close();
        assertThatThrownBy(() -> hists.lookup(histKey(1, 1))).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed");
        assertThatThrownBy(() -> syscalls.map("hists")).isInstanceOf(IllegalStateException.class);
    }

    private static int cpusPossible() {
        try {
            String text = java.nio.file.Files.readString(java.nio.file.Path.of("/sys/devices/system/cpu/possible")).trim();
            String last = text.substring(Math.max(text.lastIndexOf('-'), text.lastIndexOf(',')) + 1);
            return Integer.parseInt(last) + 1;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
