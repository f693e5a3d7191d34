package dev.hotscope.bpf.locks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.bpf.BpfAssumptions;
import dev.hotscope.bpf.threads.ForkedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Without usable monitor probes the tracer still starts, records futex waits, and says why there
 * are no monitor records: a JVM without {@code -XX:+DTraceMonitorProbes}, probes not requested,
 * and a process that is no JVM at all.
 */
class MonitorProbesOffTest {
    private static final Duration REPLY = Duration.ofSeconds(30);

    private final List<FutexWaitEvent> futexWaits = new ArrayList<>();
    private final List<MonitorWaitEvent> monitorWaits = new ArrayList<>();

    @BeforeEach
    void bpf() {
        BpfAssumptions.assumeBpf();
    }

    private LockTracer start(long pid, LockConfig config) {
        return LockTracer.start(pid, config, futexWaits::add, monitorWaits::add);
    }

    @Test
    void jvmWithoutTheFlagIsReportedAsMonitorProbesOffAndItsWaitsAreStillRecorded() throws Exception {
        try (ForkedProcess jvm = ForkedProcess.java(Path.of(System.getProperty("java.home")), LockTarget.class)) {
            assertThat(jvm.readLine(REPLY)).startsWith("READY ");
            try (LockTracer tracer = start(jvm.pid(), LockConfig.defaults())) {
                assertThat(tracer.monitorProbesActive()).isFalse();
                assertThat(tracer.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("monitor probes off")
                    .contains("-XX:+DTraceMonitorProbes").doesNotContain("command line"));
                jvm.send("sync");
                String[] reply = jvm.readLine(REPLY).split(" ");
                assertThat(reply[0]).isEqualTo("SYNC");
                int waiter = Integer.parseInt(reply[2]);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (futexWaits.stream().noneMatch(w -> w.tid() == waiter && w.result() == 0)
                    && System.nanoTime() < deadline) {
                    tracer.poll(Duration.ofMillis(50));
                }
                assertThat(futexWaits).anyMatch(w -> w.tid() == waiter && w.result() == 0);
                assertThat(monitorWaits).isEmpty();
                assertThat(tracer.counters().monitorSent()).isZero();
            }
        }
    }

    @Test
    void probesLeftOutOfTheConfigAreNotAttached() throws Exception {
        try (ForkedProcess jvm = ForkedProcess.java(Path.of(System.getProperty("java.home")), LockTarget.class,
                 "-XX:+DTraceMonitorProbes")) {
            assertThat(jvm.readLine(REPLY)).startsWith("READY ");
            try (LockTracer on = start(jvm.pid(), LockConfig.defaults());
                 LockTracer off = start(jvm.pid(), LockConfig.defaults().withMonitorProbes(false))) {
                assertThat(on.monitorProbesActive()).as("%s", on.problem()).isTrue();
                assertThat(off.monitorProbesActive()).isFalse();
                assertThat(off.problem()).hasValueSatisfying(p -> assertThat(p).contains("not requested"));
                assertThat(off.object().links()).hasSize(on.object().links().size() - 2);
            }
        }
    }

    @Test
    void processWithoutLibjvmIsNoJvm() throws Exception {
        try (ForkedProcess shell = ForkedProcess.start(List.of("sh", "-c", "echo up; read x"))) {
            assertThat(shell.readLine(REPLY)).isEqualTo("up");
            try (LockTracer tracer = start(shell.pid(), LockConfig.defaults())) {
                assertThat(tracer.monitorProbesActive()).isFalse();
                assertThat(tracer.problem()).hasValueSatisfying(p -> assertThat(p).contains("no libjvm.so"));
                assertThat(tracer.waitsNow()).isEmpty();
            }
        }
    }
}
