package dev.hotscope.bpf.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.bpf.BpfAssumptions;
import dev.hotscope.bpf.threads.ForkedProcess;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A JVM confined to CPU 0 next to two busy spinners on CPU 0: its GC threads wait on the run queue
 * during pauses, and the pause records show it.
 */
class GcStarvationTest {
    private static final List<String> ON_CPU_0 = List.of("taskset", "-c", "0");

    @BeforeEach
    void bpf() {
        BpfAssumptions.assumeBpf();
        BpfAssumptions.assumeThat(BpfAssumptions.required() || new java.io.File("/usr/bin/taskset").canExecute(),
            "taskset is not installed");
    }

    @Test
    void pausesOfAStarvedJvmShowRunQueueWait() throws Exception {
        List<GcPauseEvent> pauses = new ArrayList<>();
        List<ForkedProcess> spinners = new ArrayList<>();
        try (GcTarget target = GcTarget.start(GcTarget.JDK17, ON_CPU_0)) {
            try (GcTracer tracer = GcTracer.start(target.pid(), GcConfig.defaults(), pauses::add, s -> { })) {
                for (int i = 0; i < 2; i++) {
                    spinners.add(ForkedProcess.start(List.of("taskset", "-c", "0", "sh", "-c", "while :; do :; done")));
                }
                target.churn(1000, 2);
                GcPausesTest.drain(tracer);
                assertThat(tracer.counters().anyLost()).as("%s", tracer.counters()).isFalse();
            } finally {
                for (ForkedProcess spinner : spinners) {
                    spinner.close();
                }
            }
        }
        assertThat(pauses).as("pauses").hasSizeGreaterThanOrEqualTo(2);
        GcPausesTest.assertKernelViewIsConsistent(pauses);
        long wall = pauses.stream().mapToLong(GcPauseEvent::durationNanos).sum();
        long runQueue = pauses.stream().mapToLong(GcPauseEvent::gcRunQueueNanos).sum();
        long cpu = pauses.stream().mapToLong(GcPauseEvent::gcCpuNanos).sum();
        System.out.printf("starved JVM: %d pauses, wall %.1f ms, GC CPU %.1f ms, GC run-queue wait %.1f ms%n",
            pauses.size(), wall / 1e6, cpu / 1e6, runQueue / 1e6);
        // One CPU shared by three runnable tasks: GC threads wait for it much of the pause, and
        // together they get at most that one CPU.
        assertThat(runQueue).as("run-queue wait %d ns over %d ns of pauses: %s", runQueue, wall, pauses)
            .isGreaterThan(wall / 4);
        assertThat(cpu).as("GC CPU on one CPU").isLessThanOrEqualTo(wall + wall / 100);
        assertThat(pauses.stream().filter(p -> p.gcRunQueueNanos() > 0).count()).as("pauses with run-queue wait")
            .isGreaterThanOrEqualTo((pauses.size() + 1) / 2);
    }
}
