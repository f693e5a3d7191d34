package dev.hotscope.jfr.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Log2 buckets as the agent writes them, and cumulative histograms merged per syscall. */
class HistogramsTest {
    @Test
    void slotsMatchTheAgentsBuckets() {
        assertThat(Log2Counts.slot(0)).isZero();
        assertThat(Log2Counts.slot(1)).isZero();
        assertThat(Log2Counts.slot(2)).isEqualTo(1);
        assertThat(Log2Counts.slot(3)).isEqualTo(1);
        assertThat(Log2Counts.slot(4096)).isEqualTo(12);
        assertThat(Log2Counts.slot(8191)).isEqualTo(12);
        assertThat(Log2Counts.label(1)).isEqualTo("2-3 us");
        assertThat(Log2Counts.label(12)).isEqualTo("4.1-8.19 ms");
    }

    @Test
    void percentilesAreUpperBoundsOfTheirBucket() {
        Log2Counts h = KernelHistograms.parse("0-1:50 2-3:40 1024-2047:10");
        assertThat(h.count()).isEqualTo(100);
        assertThat(h.percentileMicros(0.5)).isEqualTo(1);
        assertThat(h.percentileMicros(0.9)).isEqualTo(3);
        assertThat(h.percentileMicros(0.99)).isEqualTo(2047);
    }

    @Test
    void latestOfEachThreadCountsAndThreadsAreMerged() {
        KernelHistograms k = new KernelHistograms();
        k.add("syscall", "read", 10, 3, 30_000, "4-7:3");
        k.add("syscall", "read", 10, 5, 50_000, "4-7:4 8-15:1");
        // An older event read after a newer one (another chunk) must not win.
        k.add("syscall", "read", 10, 4, 40_000, "4-7:4");
        k.add("syscall", "read", 11, 2, 2_000_000, "1024-2047:2");
        k.add("runq", "", 10, 7, 70_000, "2-3:7");
        List<Map.Entry<String, Log2Counts>> merged = k.merged();
        assertThat(merged).extracting(Map.Entry::getKey).containsExactly("read", KernelHistograms.RUN_QUEUE);
        Log2Counts read = merged.get(0).getValue();
        assertThat(read.count()).isEqualTo(7);
        assertThat(read.totalNanos()).isEqualTo(2_050_000);
        assertThat(read.count(Log2Counts.slot(4))).isEqualTo(4);
        assertThat(read.count(Log2Counts.slot(8))).isEqualTo(1);
        assertThat(read.count(Log2Counts.slot(1024))).isEqualTo(2);
        assertThat(merged.get(1).getValue().count()).isEqualTo(7);
    }

    @Test
    void nanosReadLikeBccPrintsThem() {
        assertThat(Nanos.format(999)).isEqualTo("999 ns");
        assertThat(Nanos.format(1_500)).isEqualTo("1.50 us");
        assertThat(Nanos.format(55_000_000)).isEqualTo("55.0 ms");
        assertThat(Nanos.format(100_000_000)).isEqualTo("100 ms");
        assertThat(Nanos.format(84_000_000_000L)).isEqualTo("84.0 s");
    }
}
