package dev.hotscope.tests.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.TracingAssumptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lock}: contended synchronized and ReentrantLock show as waits of the waiter, woken by the holder. */
class AgentLockTest {
    @Test
    void synchronizedAndReentrantLockContention(@TempDir Path dir) throws Exception {
        TracingAssumptions.requireRoot();
        Path file = dir.resolve("locks.jfr");
        try (AgentRun run = AgentRun.start("lock=5ms,duration=3s,file=" + file,
            List.of("-XX:+PreserveFramePointer", "-XX:+DTraceMonitorProbes"), 5, "sync", "reentrant")) {
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
        }
        List<RecordedEvent> waits = AgentRun.ofType(AgentRun.events(file), "hotscope.LockWait");
        assertContended(waits, "sync-waiter", "sync-holder", "AgentWorkload.contendSynchronized");
        assertContended(waits, "rl-waiter", "rl-holder", "AgentWorkload.contendReentrant");
        assertThat(waits).as("HotSpot's monitor probes (-XX:+DTraceMonitorProbes)").anySatisfy(e -> {
            assertThat(e.getString("kind")).isEqualTo("monitor");
            assertThat(e.getString("threadName")).isEqualTo("sync-waiter");
            assertThat(e.getString("monitorClass")).isEqualTo("java.lang.Object");
        });
        assertThat(waits).noneMatch(e -> e.getString("threadName").startsWith("hotscope-"));
    }

    private static void assertContended(List<RecordedEvent> waits, String waiter, String holder, String method) {
        List<RecordedEvent> futex = waits.stream()
            .filter(e -> e.getString("kind").equals("futex") && waiter.equals(e.getString("threadName"))).toList();
        assertThat(futex).as("futex waits of %s", waiter).isNotEmpty();
        assertThat(futex).allSatisfy(e -> {
            assertThat(e.getDuration("wait")).isGreaterThanOrEqualTo(Duration.ofMillis(5));
            assertThat(e.getThread("javaThread").getJavaName()).isEqualTo(waiter);
        });
        assertThat(futex).as("woken by %s", holder).anySatisfy(e -> {
            assertThat(e.getString("wakerName")).isEqualTo(holder);
            assertThat(e.getThread("waker").getJavaName()).isEqualTo(holder);
            assertThat(e.getDuration("runQueueDelay")).isGreaterThanOrEqualTo(Duration.ZERO);
        });
        assertThat(futex).as("%s in the stack", method).anySatisfy(e -> assertThat(e.getString("stack")).contains(method));
    }
}
