package dev.hotscope.bpf.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hotscope.bpf.BpfAssumptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tracepoints and uprobes of {@link ProbeTracer} on this JVM and forked python processes, against the real kernel. */
class ProbeTracerTest {
    @BeforeEach
    void bpf() {
        BpfAssumptions.assumeBpf();
    }

    @Test
    void tracepointFieldsOfAForkedProcessAreReadSignExtended() throws Exception {
        List<ProbeHit> hits = new ArrayList<>();
        try (PythonWorker python = PythonWorker.start();
             ProbeTracer tracer = ProbeTracer.start(ProbeSpec.tracepoint("syscalls", "sys_enter_openat").pid(python.pid()),
                 hits::add)) {
            assertThat(tracer.argNames()).containsExactly("dfd", "filename", "flags", "mode");
            python.run("open /nonexistent/hotscope-probe-test");
            drain(tracer, hits, 1);
            assertThat(hits).isNotEmpty().allSatisfy(h -> {
                assertThat(h.pid()).isEqualTo(python.pid());
                assertThat(h.tid()).isEqualTo(python.pid());
                assertThat(h.comm()).startsWith("python3");
                assertThat(h.durationNanos()).isZero();
                assertThat(h.args()).hasSize(4);
            });
            assertThat(hits).anySatisfy(h -> {
                assertThat(h.arg(0)).as("dfd AT_FDCWD").isEqualTo(-100);
                assertThat(h.arg(2) & 0b11).as("flags O_RDONLY").isZero();
                assertThat(h.arg(1)).as("filename pointer").isNotZero();
            });
            assertThat(tracer.counters().emitted()).isEqualTo(hits.size());
            assertThat(tracer.counters().hits()).isEqualTo(hits.size());
        }
    }

    @Test
    void schedSwitchOfThisThreadNamesItAsPrevious() throws Exception {
        long tid = ownTid();
        List<ProbeHit> hits = new ArrayList<>();
        try (ProbeTracer tracer = ProbeTracer.start(ProbeSpec.tracepoint("sched", "sched_switch")
            .fields("prev_pid", "next_pid", "prev_prio").pid(ProcessHandle.current().pid()).tids(Set.of(tid)), hits::add)) {
            for (int i = 0; i < 5; i++) {
                Thread.sleep(5);
            }
            drain(tracer, hits, 5);
            assertThat(hits).hasSizeGreaterThanOrEqualTo(5).allSatisfy(h -> {
                assertThat(h.tid()).isEqualTo(tid);
                assertThat(h.arg(0)).as("prev_pid").isEqualTo(tid);
                assertThat(h.arg(1)).as("next_pid").isNotEqualTo(tid);
                assertThat(h.arg(2)).as("prev_prio").isBetween(0L, 139L);
            });
        }
    }

    @Test
    void syscallEnterAndExitPairMeasureASleepAndMinDurationDropsShortOnes() throws Exception {
        List<ProbeHit> hits = new ArrayList<>();
        try (PythonWorker python = PythonWorker.start();
             ProbeTracer tracer = ProbeTracer.start(ProbeSpec.tracepoint("syscalls", "sys_enter_clock_nanosleep")
                 .until(ProbeSpec.tracepoint("syscalls", "sys_exit_clock_nanosleep")).pid(python.pid())
                 .minDurationNanos(50_000_000), hits::add)) {
            for (int i = 0; i < 3; i++) {
                python.run("sleep 0.002");
            }
            python.run("sleep 0.2");
            drain(tracer, hits, 1);
            assertThat(hits).singleElement().satisfies(h -> {
                assertThat(h.durationNanos()).isCloseTo(200_000_000L, within(40_000_000L));
                assertThat(h.ret()).as("clock_nanosleep's return value").isZero();
            });
            ProbeCounters counters = tracer.counters();
            assertThat(counters.hits()).isEqualTo(4);
            assertThat(counters.filtered()).isEqualTo(3);
            assertThat(counters.emitted()).isEqualTo(1);
            assertThat(counters.unpaired()).isZero();
            assertThat(tracer.describe()).contains("sys_enter_clock_nanosleep", "sys_exit_clock_nanosleep", "ret ret");
        }
    }

    @Test
    void uprobeWithReturnsCountsEveryCallWithItsReturnValue() throws Exception {
        List<ProbeHit> hits = new ArrayList<>();
        try (PythonWorker python = PythonWorker.start();
             ProbeTracer tracer = ProbeTracer.start(ProbeSpec.uprobe("libc", "getppid").returns().pid(python.pid()),
                 hits::add)) {
            python.run("getppid 250");
            drain(tracer, hits, 250);
            assertThat(hits).hasSize(250).allSatisfy(h -> {
                assertThat(h.ret()).as("getppid() in the child is this JVM").isEqualTo(ProcessHandle.current().pid());
                assertThat(h.tid()).isEqualTo(python.pid());
                assertThat(h.durationNanos()).isPositive();
            });
            assertThat(tracer.counters()).isEqualTo(new ProbeCounters(250, 250, 0, 0, 0));
        }
    }

    @Test
    void argumentFiltersRunInTheKernel() throws Exception {
        List<ProbeHit> hits = new ArrayList<>();
        try (PythonWorker python = PythonWorker.start();
             ProbeTracer tracer = ProbeTracer.start(ProbeSpec.uprobe("libc", "getpgid").pid(python.pid())
                 .argFilter(0, ProbeSpec.Op.GE, 1).argFilter(0, ProbeSpec.Op.NE, 2), hits::add)) {
            python.run("getpgid 0 5");
            python.run("getpgid 1 7");
            python.run("getpgid " + python.pid() + " 3");
            drain(tracer, hits, 10);
            assertThat(hits).hasSize(10).extracting(h -> h.arg(0)).containsOnly(1L, python.pid());
            ProbeCounters counters = tracer.counters();
            assertThat(counters.hits()).isEqualTo(15);
            assertThat(counters.filtered()).isEqualTo(5);
            assertThat(tracer.describe()).contains("arg0 >= 1", "arg0 != 2");
        }
    }

    @Test
    void aStartReplacedBeforeItsEndIsCountedAsUnpairedNotEmitted() throws Exception {
        List<ProbeHit> hits = new ArrayList<>();
        try (PythonWorker python = PythonWorker.start();
             ProbeTracer tracer = ProbeTracer.start(ProbeSpec.uprobe("libc", "getppid")
                 .until(ProbeSpec.uprobe("libc", "getpgid")).pid(python.pid()), hits::add)) {
            python.run("getppid 3");
            python.run("getpgid 7 1");
            python.run("getpgid 8 1");
            drain(tracer, hits, 1);
            assertThat(hits).singleElement().satisfies(h -> {
                assertThat(h.ret()).as("an entry uprobe as the end: its arg0").isEqualTo(7);
                assertThat(h.durationNanos()).isPositive();
            });
            assertThat(tracer.counters()).as("the two earlier starts were replaced; getpgid(8) had no start")
                .isEqualTo(new ProbeCounters(3, 1, 0, 0, 2));
        }
    }

    static void drain(ProbeTracer tracer, List<ProbeHit> hits, int atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (hits.size() < atLeast && System.nanoTime() < deadline) {
            tracer.poll(Duration.ofMillis(50));
        }
        tracer.poll(Duration.ofMillis(100)); // late ones, which a test expecting an exact count must see
    }

    /** This thread's kernel id, from /proc/thread-self (a link to /proc/PID/task/TID). */
    static long ownTid() throws Exception {
        Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
        return Long.parseLong(self.getFileName().toString());
    }
}
