package dev.hotscope.bpf.hist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Log2HistogramTest {
    @Test
    void slotsFollowPowersOfTwoWithZeroAndOneTogether() {
        assertThat(Log2Histogram.slotOf(0)).isZero();
        assertThat(Log2Histogram.slotOf(1)).isZero();
        assertThat(Log2Histogram.slotOf(2)).isEqualTo(1);
        assertThat(Log2Histogram.slotOf(3)).isEqualTo(1);
        assertThat(Log2Histogram.slotOf(4)).isEqualTo(2);
        assertThat(Log2Histogram.slotOf(50_000)).isEqualTo(15);
        assertThat(Log2Histogram.low(15)).isEqualTo(32768);
        assertThat(Log2Histogram.high(15)).isEqualTo(65535);
    }

    @Test
    void formatsLikeBccWithStarsScaledToTheLargestSlot() {
        long[] slots = new long[32];
        slots[0] = 1;
        slots[2] = 4;
        slots[3] = 2;
        String text = new Log2Histogram(slots).format("usecs");
        assertThat(text.split("\n")).containsExactly(
            "     usecs               : count     distribution",
            "         0 -> 1          : 1         |**********                              |",
            "         2 -> 3          : 0         |                                        |",
            "         4 -> 7          : 4         |****************************************|",
            "         8 -> 15         : 2         |********************                    |");
    }

    @Test
    void emptyPrintsNothingAndPlusAddsSlotBySlot() {
        assertThat(Log2Histogram.empty(32).format("usecs")).isEmpty();
        Log2Histogram a = new Log2Histogram(new long[] {1, 2});
        Log2Histogram b = new Log2Histogram(new long[] {0, 3, 5});
        assertThat(a.plus(b).slots()).containsExactly(1, 5, 5);
        assertThat(a.plus(b).total()).isEqualTo(11);
    }
}
