package dev.hotscope.bpf.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotscope.bpf.BpfAssumptions;
import dev.hotscope.bpf.TargetGoneException;
import dev.hotscope.bpf.threads.ForkedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Misspelt names are refused before anything is loaded, with the nearest existing names. */
class ProbeNamesTest {
    @BeforeEach
    void bpf() {
        BpfAssumptions.assumeBpf();
    }

    @Test
    void unknownTracepointSuggestsTheNearest() {
        assertThatThrownBy(() -> ProbeTracer.start(ProbeSpec.tracepoint("sched", "sched_swtich"), h -> { }))
            .isInstanceOfSatisfying(UnknownProbeException.class, e -> {
                assertThat(e.suggestions()).first().isEqualTo("sched:sched_switch");
                assertThat(e.errnoName()).isEqualTo("ENOENT");
            })
            .hasMessageStartingWith("no tracepoint sched:sched_swtich; nearest: sched:sched_switch")
            .hasMessageEndingWith("list them with /sys/kernel/tracing/available_events")
            .message().doesNotContain("\n");
    }

    @Test
    void unknownTracepointFieldSuggestsTheNearestAndNonNumericFieldsAreRefused() {
        assertThatThrownBy(() -> ProbeTracer.start(ProbeSpec.tracepoint("sched", "sched_switch").fields("prev_pdi"), h -> { }))
            .isInstanceOfSatisfying(UnknownProbeException.class,
                e -> assertThat(e.suggestions()).first().isEqualTo("prev_pid"))
            .hasMessageStartingWith("no field prev_pdi in tracepoint sched:sched_switch; nearest: prev_pid");
        assertThatThrownBy(() -> ProbeTracer.start(ProbeSpec.tracepoint("sched", "sched_switch").fields("prev_comm"), h -> { }))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prev_comm", "char[16]", "not a number", "prev_pid");
    }

    @Test
    void unknownFunctionSuggestsTheNearest() throws Exception {
        try (PythonWorker python = PythonWorker.start()) {
            assertThatThrownBy(() -> ProbeTracer.start(ProbeSpec.uprobe("libc", "getppdi").pid(python.pid()), h -> { }))
                .isInstanceOfSatisfying(UnknownProbeException.class,
                    e -> assertThat(e.suggestions()).contains("getppid"))
                .hasMessageStartingWith("no function getppdi in ").hasMessageContaining("libc.so.6");
            assertThatThrownBy(() -> ProbeTracer.start(ProbeSpec.uprobe("libcrypto-nope", "f").pid(python.pid()), h -> { }))
                .isInstanceOf(UnknownProbeException.class)
                .hasMessageStartingWith("library libcrypto-nope is not mapped in process " + python.pid())
                .hasMessageContaining("/proc/" + python.pid() + "/maps");
        }
    }

    @Test
    void unknownUsdtProbeSuggestsTheNearestOfTheJvm() throws Exception {
        Path jdk = ForkedProcess.JDK17;
        BpfAssumptions.assumeThat(ForkedProcess.installed(jdk), jdk + " is not installed");
        try (ForkedProcess jvm = ForkedProcess.java(jdk, GcCaller.class)) {
            jvm.readLine(Duration.ofSeconds(30));
            assertThatThrownBy(() -> ProbeTracer.start(ProbeSpec.usdt("hotspot", "gc_begin").pid(jvm.pid()), h -> { }))
                .isInstanceOfSatisfying(UnknownProbeException.class,
                    e -> assertThat(e.suggestions()).first().isEqualTo("hotspot:gc__begin"))
                .hasMessageStartingWith("no USDT probe hotspot:gc_begin in ").hasMessageContaining("libjvm.so");
            assertThat(ProbeCatalog.usdtProbes(jvm.pid())).contains("hotspot:gc__begin", "hotspot:gc__end",
                "hotspot:thread__start");
        }
    }

    @Test
    void aGoneProcessAndImpossibleSpecsAreRefused() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertThatThrownBy(() -> ProbeTracer.start(ProbeSpec.uprobe("libc", "malloc").pid(gone.pid()), h -> { }))
            .isInstanceOf(TargetGoneException.class);
        assertThatThrownBy(() -> ProbeTracer.start(ProbeSpec.tracepoint("sched", "sched_switch").minDurationNanos(5), h -> { }))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("returns()", "until(end)");
        assertThatThrownBy(() -> ProbeTracer.start(ProbeSpec.tracepoint("sched", "sched_switch").fields("prev_pid")
            .argFilter(1, ProbeSpec.Op.EQ, 0), h -> { }))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argument 1", "[prev_pid]");
    }

    @Test
    void catalogListsWhatExists() {
        assertThat(ProbeCatalog.tracepoints()).contains("sched:sched_switch", "syscalls:sys_enter_openat");
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        BpfAssumptions.assumeThat(Files.isReadable(libc), libc + " is missing");
        assertThat(ProbeCatalog.symbols(libc)).contains("malloc", "getpid", "read").doesNotContain("malloc@@GLIBC_2.2.5");
        assertThat(Libraries.resolve("libc", -1).getFileName().toString()).isEqualTo("libc.so.6");
        assertThat(Libraries.resolve("c", -1).getFileName().toString()).isEqualTo("libc.so.6");
        assertThat(Libraries.resolve("hotspot", -1).getFileName().toString()).isEqualTo("libjvm.so");
    }

    @Test
    void nearestPrefersTyposThenContainingNames() {
        List<String> names = List.of("sched:sched_switch", "sched:sched_wakeup", "sched:sched_wakeup_new",
            "syscalls:sys_enter_read", "irq:softirq_entry");
        assertThat(ProbeCatalog.nearest("sched:sched_swtich", names, 2)).containsExactly("sched:sched_switch", "sched:sched_wakeup");
        assertThat(ProbeCatalog.nearest("wakeup", names, 5)).startsWith("sched:sched_wakeup", "sched:sched_wakeup_new");
        assertThat(ProbeCatalog.nearest("SCHED:SCHED_SWITCH", names, 1)).containsExactly("sched:sched_switch");
        assertThat(ProbeCatalog.nearest("zzzzzzzzzzzzzzzzzzzzz", names, 5)).isEmpty();
        assertThat(ProbeCatalog.nearest("x", names, 0)).isEmpty();
    }
}
