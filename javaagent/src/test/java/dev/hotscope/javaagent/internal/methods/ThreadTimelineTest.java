package dev.hotscope.javaagent.internal.methods;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One thread's record on a made-up clock: stack, ring, limits, and reads racing the writer. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadTimelineTest {
    private final ThreadTimeline timeline = new ThreadTimeline(Thread.currentThread(), 0);

    @Test
    void openAndFinishedCallsAnswerTheInnermost() {
        timeline.push(1, 100, 0);
        timeline.push(2, 110, 0);
        timeline.pop(2, 110, 120, 0);
        timeline.push(3, 130, 0);

        assertThat(timeline.innermostAt(99, true)).isEqualTo(-1);
        assertThat(timeline.innermostAt(105, true)).isEqualTo(1);
        assertThat(timeline.innermostAt(110, true)).isEqualTo(2);
        assertThat(timeline.innermostAt(120, true)).isEqualTo(2);
        assertThat(timeline.innermostAt(125, true)).isEqualTo(1);
        assertThat(timeline.innermostAt(130, true)).isEqualTo(3);
        assertThat(timeline.innermostAt(10_000, true)).as("still open").isEqualTo(3);
        assertThat(timeline.innermostAt(10_000, false)).as("open calls of a stale epoch do not count").isEqualTo(-1);
    }

    @Test
    void theRingKeepsTheLatestFinishedCalls() {
        int calls = ThreadTimeline.RING + 8;
        for (int k = 0; k < calls; k++) {
            timeline.push(k + 1, 10L * k, 0);
            timeline.pop(k + 1, 10L * k, 10L * k + 5, 0);
        }
        assertThat(timeline.innermostAt(2, true)).as("pushed out of the ring").isEqualTo(-1);
        assertThat(timeline.innermostAt(10L * 8 + 2, true)).as("the oldest kept").isEqualTo(9);
        assertThat(timeline.innermostAt(10L * (calls - 1) + 5, true)).as("the latest").isEqualTo(calls);
        assertThat(timeline.innermostAt(10L * (calls - 1) + 6, true)).as("after the latest").isEqualTo(-1);
    }

    @Test
    void callsDeeperThanTheStackAreCountedAndUnwoundCorrectly() {
        int levels = ThreadTimeline.MAX_DEPTH + 10;
        for (int level = 0; level < levels; level++) {
            timeline.push(level + 1, 1 + level, 0);
        }
        assertThat(timeline.innermostAt(1_000, true)).as("the deepest kept level")
            .isEqualTo(ThreadTimeline.MAX_DEPTH);
        for (int level = levels - 1; level >= 0; level--) {
            timeline.pop(level + 1, 1 + level, 500 - level, 0);
        }
        timeline.push(999, 600, 0);
        assertThat(timeline.innermostAt(601, true)).as("a new call after all unwound").isEqualTo(999);
        timeline.pop(999, 600, 610, 0);
        assertThat(timeline.innermostAt(611, true)).isEqualTo(-1);
    }

    @Test
    void anEndThatMatchesNoOpenCallIsIgnored() {
        timeline.push(1, 10, 0);
        timeline.pop(2, 10, 20, 0);
        timeline.pop(1, 11, 20, 0);
        assertThat(timeline.innermostAt(30, true)).as("call 1 is still open").isEqualTo(1);
    }

    @Test
    void anEndThatSkipsInnerCallsClosesThemToo() {
        timeline.push(1, 10, 0);
        timeline.push(2, 20, 0);
        timeline.pop(1, 10, 40, 0);
        assertThat(timeline.innermostAt(50, true)).isEqualTo(-1);
        assertThat(timeline.innermostAt(30, true)).as("the finished outer call").isEqualTo(1);
    }

    @Test
    void aNewEpochForgetsCallsOpenedBefore() {
        timeline.push(1, 10, 0);
        timeline.push(2, 20, 1);
        timeline.pop(1, 10, 30, 1);
        assertThat(timeline.innermostAt(15, true)).isEqualTo(-1);
        assertThat(timeline.innermostAt(25, true)).isEqualTo(2);
        assertThat(timeline.epoch()).isEqualTo(1);
    }

    /**
     * The writer runs calls k = 0, 1, 2... at made-up times: outer [10k, 10k+5] holding inner
     * [10k+1, 10k+3]. Every answer a racing reader gets must be right for the moment it asked
     * about, or "unknown": never a torn mix of two calls.
     */
    @Test
    void readsRacingTheWriterAreRightOrUnknown() throws InterruptedException {
        int rounds = 2_000_000;
        AtomicLong progress = new AtomicLong();
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            ThreadTimeline mine = new ThreadTimeline(Thread.currentThread(), 0);
            published.set(mine);
            for (long k = 0; k < rounds && wrong.get() == null; k++) {
                int outer = outerId(k);
                mine.push(outer, 10 * k, 0);
                mine.push(outer + 1, 10 * k + 1, 0);
                mine.pop(outer + 1, 10 * k + 1, 10 * k + 3, 0);
                mine.pop(outer, 10 * k, 10 * k + 5, 0);
                progress.lazySet(k);
            }
            progress.set(Long.MAX_VALUE);
        }, "timeline-writer");
        writer.start();
        long answered = 0;
        long reads = 0;
        while (progress.get() != Long.MAX_VALUE && wrong.get() == null) {
            ThreadTimeline theirs = published.get();
            long k = progress.get();
            if (theirs == null || k < 40) {
                continue;
            }
            // Only moments of finished rounds: a later moment may precede a call the writer has yet to push.
            long t = 10 * (k - ThreadLocalRandom.current().nextLong(8)) + ThreadLocalRandom.current().nextLong(10);
            int id = theirs.innermostAt(t, true);
            reads++;
            // If the writer ran on too far meanwhile, the inner call may have left the ring and the
            // outer one rightly answers: only check reads the ring certainly covered.
            boolean covered = progress.get() - t / 10 <= ThreadTimeline.RING / 2 - 4;
            if (id != -1 && covered) {
                answered++;
                int expected = expectedAt(t);
                if (id != expected) {
                    wrong.set("at " + t + " read " + id + ", expected " + expected + " or -1");
                }
            }
        }
        writer.join();
        assertThat(wrong.get()).isNull();
        assertThat(answered).as("answers out of " + reads + " reads").isPositive();
    }

    private final AtomicReference<ThreadTimeline> published = new AtomicReference<>();

    private static int outerId(long k) {
        return (int) (2 * (k % 500) + 1);
    }

    private static int expectedAt(long t) {
        long k = t / 10;
        long offset = t % 10;
        if (offset == 0 || offset == 4 || offset == 5) {
            return outerId(k);
        }
        if (offset >= 1 && offset <= 3) {
            return outerId(k) + 1;
        }
        return -1;
    }
}
