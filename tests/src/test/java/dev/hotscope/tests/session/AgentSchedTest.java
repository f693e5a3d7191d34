package dev.hotscope.tests.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.TracingAssumptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code offcpu,runq}: more runnable threads than CPUs wait in the run queue; a sleeper is off-CPU sleeping. */
class AgentSchedTest {
    @Test
    void oversubscribedCpusAndASleeper(@TempDir Path dir) throws Exception {
        TracingAssumptions.requireRoot();
        Path file = dir.resolve("sched.jfr");
        try (AgentRun run = AgentRun.start("offcpu=30ms,runq=2ms,interval=1s,duration=3s,file=" + file,
            List.of("-XX:+PreserveFramePointer"), 8, "runq", "sleep")) {
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
        }
        List<RecordedEvent> events = AgentRun.events(file);
        List<RecordedEvent> runq = AgentRun.ofType(events, "hotscope.RunQueueLatency").stream()
            .filter(e -> e.getString("threadName").startsWith("spinner-")).toList();
        assertThat(runq).hasSizeGreaterThan(10);
        assertThat(runq.stream().map(e -> e.getString("threadName")).distinct().count()).isGreaterThan(2);
        assertThat(runq).allSatisfy(e -> assertThat(e.getDuration("latency")).isGreaterThanOrEqualTo(Duration.ofMillis(2)));
        // The spinners live longer than the trace, so every record names its Thread.
        assertThat(runq).allSatisfy(e ->
            assertThat(e.getThread("javaThread").getJavaName()).isEqualTo(e.getString("threadName")));
        assertThat(AgentRun.ofType(events, "hotscope.LatencyHistogram"))
            .anyMatch(e -> e.getString("kind").equals("runq") && e.getString("threadName").startsWith("spinner-"));
        List<RecordedEvent> sleeps = AgentRun.ofType(events, "hotscope.OffCpu").stream()
            .filter(e -> "sleeper".equals(e.getString("threadName"))).toList();
        assertThat(sleeps).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getString("reason")).isEqualTo("sleeping");
            assertThat(e.getDuration("offCpu")).isGreaterThanOrEqualTo(Duration.ofMillis(30));
        });
        // In-process stacks name sleepLoop; when the sampler came too late (this test starves the agent's
        // thread too), the BPF stack shows the interpreted frames under JVM_Sleep.
        assertThat(sleeps).anySatisfy(e -> assertThat(e.getString("stack")).containsAnyOf("sleepLoop", "JVM_Sleep"));
        // The off-CPU profile sums exactly the off-CPU records, by reason and stack.
        List<RecordedEvent> offCpu = AgentRun.ofType(events, "hotscope.OffCpu");
        List<RecordedEvent> profile = AgentRun.ofType(events, "hotscope.OffCpuStack");
        assertThat(profile.stream().mapToLong(e -> e.getLong("count")).sum()).isEqualTo(offCpu.size());
        assertThat(profile.stream().mapToLong(e -> e.getDuration("total").toNanos()).sum())
            .isEqualTo(offCpu.stream().mapToLong(e -> e.getDuration("offCpu").toNanos()).sum());
        assertThat(profile).anySatisfy(e -> {
            assertThat(e.getString("reason")).isEqualTo("sleeping");
            assertThat(e.getString("threads")).contains("sleeper");
            assertThat(e.getString("stack")).containsAnyOf("sleepLoop", "JVM_Sleep").doesNotContain("[kernel]");
        });
        assertThat(AgentRun.ofType(events, "hotscope.OffCpu")).noneMatch(e -> e.getString("threadName").startsWith("hotscope-"));
    }
}
