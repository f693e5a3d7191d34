package dev.hotscope.javaagent.internal.methods;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.timeline.Nested;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timeline of real probed calls: nested methods, calls still open on another thread. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MethodTimelineTest {
    private static final String OUTER = "com.acme.timeline.Nested#outer()";
    private static final String MIDDLE = "com.acme.timeline.Nested#middle()";
    private static final String INNER = "com.acme.timeline.Nested#inner()";
    private static final String WAIT_INSIDE = "com.acme.timeline.Nested#waitInside(CountDownLatch,CountDownLatch)";

    private static MethodProbes installRecording() {
        MethodProbes probes = MethodProbes.install(Instrumentations.get(),
            Instrumentations.parse("com.acme.timeline.Nested#*"), null, Duration.ZERO);
        probes.timeline().setRecording(true);
        return probes;
    }

    @Test
    void theInnermostProbedMethodAtEachMomentOfNestedCalls() {
        Nested nested = new Nested();
        try (MethodProbes probes = installRecording()) {
            MethodTimeline timeline = probes.timeline();
            long before = System.nanoTime();
            nested.outer();
            long after = System.nanoTime();
            long[] marks = nested.marks;
            Thread me = Thread.currentThread();

            assertThat(timeline.innermostAt(me, before)).as("before outer").isNull();
            assertThat(timeline.innermostAt(me, marks[0])).as("in outer, before middle").isEqualTo(OUTER);
            assertThat(timeline.innermostAt(me, marks[1])).as("in middle, before inner").isEqualTo(MIDDLE);
            assertThat(timeline.innermostAt(me, marks[2])).as("in inner").isEqualTo(INNER);
            assertThat(timeline.innermostAt(me, marks[3])).as("in middle, after inner").isEqualTo(MIDDLE);
            assertThat(timeline.innermostAt(me, marks[4])).as("in outer, after middle").isEqualTo(OUTER);
            assertThat(timeline.innermostAt(me, after)).as("after outer").isNull();
            assertThat(timeline.innermostAt(me.getId(), marks[2])).as("by thread id").isEqualTo(INNER);
        }
    }

    @Test
    void anotherThreadSeesTheCallStillOpenAndThenFinished() throws InterruptedException {
        Nested nested = new Nested();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (MethodProbes probes = installRecording()) {
            MethodTimeline timeline = probes.timeline();
            Thread worker = new Thread(() -> {
                try {
                    nested.waitInside(entered, release);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "waiter");
            worker.start();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            long inside = System.nanoTime();

            assertThat(timeline.innermostAt(worker, inside)).as("while open").isEqualTo(WAIT_INSIDE);
            assertThat(timeline.innermostAt(Thread.currentThread(), inside)).as("this thread is in no probed call").isNull();

            release.countDown();
            worker.join(10_000);
            assertThat(worker.isAlive()).isFalse();
            assertThat(timeline.innermostAt(worker, inside)).as("the same moment, once finished").isEqualTo(WAIT_INSIDE);
            assertThat(timeline.innermostAt(worker, System.nanoTime())).as("after it finished").isNull();
        }
    }

    @Test
    void nothingIsRecordedWhileRecordingIsOff() {
        Nested nested = new Nested();
        try (MethodProbes probes = installRecording()) {
            MethodTimeline timeline = probes.timeline();
            timeline.setRecording(false);
            nested.outer();
            assertThat(timeline.isRecording()).isFalse();
            assertThat(timeline.innermostAt(Thread.currentThread(), nested.marks[2])).isNull();

            timeline.setRecording(true);
            nested.outer();
            assertThat(timeline.innermostAt(Thread.currentThread(), nested.marks[2])).isEqualTo(INNER);
        }
    }

    @Test
    void recursionDeeperThanTheKeptStackLeavesTheTimelineConsistent() {
        Nested nested = new Nested();
        try (MethodProbes probes = installRecording()) {
            assertThat(nested.recurse(3 * ThreadTimeline.MAX_DEPTH)).isEqualTo(3 * ThreadTimeline.MAX_DEPTH);
            nested.outer();
            MethodTimeline timeline = probes.timeline();
            assertThat(timeline.innermostAt(Thread.currentThread(), nested.marks[2])).isEqualTo(INNER);
            assertThat(timeline.innermostAt(Thread.currentThread(), System.nanoTime())).isNull();
        }
    }

    @Test
    void threadsThatNeverRanAProbedCallAreUnknown() {
        try (MethodProbes probes = installRecording()) {
            assertThat(probes.timeline().innermostAt(Long.MAX_VALUE, System.nanoTime())).isNull();
        }
    }
}
