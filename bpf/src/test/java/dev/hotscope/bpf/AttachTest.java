package dev.hotscope.bpf;

import static dev.hotscope.bpf.TestPrograms.HIT_PERF;
import static dev.hotscope.bpf.TestPrograms.HIT_RAW_TP;
import static dev.hotscope.bpf.TestPrograms.HIT_UPROBE;
import static dev.hotscope.bpf.TestPrograms.HIT_URETPROBE;
import static dev.hotscope.bpf.TestPrograms.HIT_USDT;
import static dev.hotscope.bpf.TestPrograms.HIT_USDT_ARG0;
import static dev.hotscope.bpf.TestPrograms.HIT_USDT_COOKIE;
import static dev.hotscope.bpf.TestPrograms.hits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotscope.usdt.ArgType;
import dev.hotscope.usdt.Probe;
import dev.hotscope.usdt.Provider;
import dev.hotscope.usdt.Usdt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every attach kind on probes.bpf.o, checked by the counters its programs bump. */
class AttachTest {
    private BpfObject probes;

    @BeforeEach
    void load() {
        BpfAssumptions.assumeBpf();
        probes = TestPrograms.loadProbes();
    }

    @AfterEach
    void close() {
        if (probes != null) {
            probes.close();
        }
    }

    @Test
    void uprobeAndUretprobeOnLibcGetpid() throws Exception {
        Path libc = TestNative.mappedFile("libc.so.6");
        try (BpfLink entry = probes.program("count_uprobe").attachUprobe(TestNative.pid(), libc, "getpid", 0, false);
             BpfLink exit = probes.program("count_uretprobe").attachUprobe(TestNative.pid(), libc, "getpid", 0, true)) {
            assertThat(entry.description()).contains("getpid");
            assertThat(exit.description()).contains("uretprobe");
            for (int i = 0; i < 100; i++) {
                assertThat(TestNative.libc().getpid()).isEqualTo((int) TestNative.pid());
            }
        }
        assertThat(hits(probes, HIT_UPROBE)).isGreaterThanOrEqualTo(100);
        assertThat(hits(probes, HIT_URETPROBE)).isGreaterThanOrEqualTo(100);
        long before = hits(probes, HIT_UPROBE);
        TestNative.libc().getpid();
        assertThat(hits(probes, HIT_UPROBE)).as("detached").isEqualTo(before);
    }

    @Test
    void usdtOnHotSpotThreadStart() throws Exception {
        Path libjvm = TestNative.mappedFile("libjvm.so");
        try (BpfLink link = probes.program("count_usdt").attachUsdt(TestNative.pid(), libjvm, "hotspot", "thread__start", 3)) {
            assertThat(link.isAttached()).isTrue();
            for (int i = 0; i < 3; i++) {
                Thread thread = new Thread(() -> { }, "hotscope-usdt-test-" + i);
                thread.start();
                thread.join();
            }
        }
        assertThat(hits(probes, HIT_USDT)).isGreaterThanOrEqualTo(3);
        assertThat(hits(probes, HIT_USDT_COOKIE)).isEqualTo(3 * hits(probes, HIT_USDT));
    }

    @Test
    void usdtOnHotscopeDynamicProbe() {
        try (Provider provider = Usdt.provider("hsbpftest")) {
            Probe tick = provider.probe("tick", ArgType.INT64);
            provider.load();
            assertThat(tick.semaphoreValue()).isZero();
            try (BpfLink link = probes.program("count_usdt").attachUsdt(TestNative.pid(), provider.path(), "hsbpftest",
                     "tick", 7)) {
                assertThat(link.description()).contains("hsbpftest:tick");
                assertThat(tick.semaphoreValue()).as("semaphore while attached").isPositive();
                assertThat(tick.isEnabled()).isTrue();
                for (int i = 0; i < 10; i++) {
                    tick.fire(42);
                }
            }
            assertThat(tick.semaphoreValue()).as("semaphore after detach").isZero();
            tick.fire(42);
        }
        assertThat(hits(probes, HIT_USDT)).isEqualTo(10);
        assertThat(hits(probes, HIT_USDT_COOKIE)).isEqualTo(70);
        assertThat(hits(probes, HIT_USDT_ARG0)).isEqualTo(420);
    }

    @Test
    void rawTracepointSysEnter() throws Exception {
        try (BpfLink link = probes.program("count_raw_tp").attachRawTracepoint("sys_enter")) {
            assertThat(link.id()).isPositive();
            for (int i = 0; i < 20; i++) {
                TestNative.libc().getppid();
            }
        }
        assertThat(hits(probes, HIT_RAW_TP)).isGreaterThanOrEqualTo(20);
    }

    @Test
    void perfEventCpuClockSampling() throws Exception {
        List<BpfLink> links = new ArrayList<>();
        List<PerfEvent> events = PerfEvent.openCpuClockOnEachCpu(997);
        assertThat(events).hasSize(PerfEvent.onlineCpus().size());
        try {
            for (PerfEvent event : events) {
                links.add(probes.program("count_perf").attachPerfEvent(event));
                assertThat(event.isOpen()).as("the link owns the fd").isFalse();
            }
            long end = System.nanoTime() + 150_000_000L;
            long spin = 0;
            while (System.nanoTime() < end) {
                spin++;
            }
            assertThat(spin).isPositive();
        } finally {
            links.forEach(BpfLink::close);
            events.forEach(PerfEvent::close);
        }
        assertThat(hits(probes, HIT_PERF)).isPositive();
    }

    @Test
    void kprobesAreUnsupportedHereWithAClearMessage() {
        BpfAssumptions.assumeThat(!Capabilities.current().hasKprobes(), "this kernel has kprobes");
        assertThatThrownBy(() -> probes.program("count_kprobe").attachKprobe("do_sys_openat2", false))
            .isInstanceOf(BpfUnsupportedException.class)
            .hasMessageContaining("kprobes are not available")
            .hasMessageContaining("tracepoint")
            .satisfies(e -> assertThat(((BpfException) e).errnoName()).isEqualTo("EOPNOTSUPP"));
    }

    @Test
    void targetGoneIsReportedWithThePid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        long pid = process.pid();
        process.waitFor();
        Path libc = TestNative.mappedFile("libc.so.6");
        assertThatThrownBy(() -> probes.program("count_uprobe").attachUprobe(pid, libc, "getpid", 0, false))
            .isInstanceOf(TargetGoneException.class)
            .hasMessage("process " + pid + " exited");
        assertThatThrownBy(() -> probes.program("count_usdt").attachUsdt(pid, TestNative.mappedFile("libjvm.so"),
            "hotspot", "thread__start", 0))
            .isInstanceOf(TargetGoneException.class)
            .satisfies(e -> assertThat(((TargetGoneException) e).pid()).isEqualTo(pid));
    }

    @Test
    void attachFailuresNameWhatWasAttached() throws Exception {
        assertThatThrownBy(() -> probes.program("count_raw_tp").attachTracepoint("syscalls", "sys_enter_no_such_call"))
            .isInstanceOf(BpfAttachException.class)
            .hasMessageContaining("count_raw_tp")
            .hasMessageContaining("syscalls:sys_enter_no_such_call")
            .satisfies(e -> assertThat(((BpfException) e).errno()).isPositive());
        Path libc = TestNative.mappedFile("libc.so.6");
        assertThatThrownBy(() -> probes.program("count_uprobe").attachUprobe(-1, libc, "no_such_function_xyz", 0, false))
            .isInstanceOf(BpfAttachException.class)
            .hasMessageContaining("no_such_function_xyz");
        assertThatThrownBy(() -> probes.program("count_usdt").attachUsdt(TestNative.pid(), libc, "hotspot", "thread__start", 0))
            .isInstanceOf(BpfAttachException.class)
            .hasMessageContaining("hotspot:thread__start");
        assertThat(probes.links()).isEmpty();
    }

    @Test
    void unknownNamesListTheExistingOnes() {
        assertThatThrownBy(() -> probes.program("nope"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("count_uprobe");
        assertThatThrownBy(() -> probes.map("nope"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("hits");
    }

    @Test
    void closingTheObjectClosesItsLinks() throws Exception {
        BpfLink link = probes.program("count_raw_tp").attachRawTracepoint("sys_enter");
        assertThat(link.isAttached()).isTrue();
        probes.close();
        assertThat(link.isAttached()).isFalse();
        link.close();
        probes.close();
        assertThatThrownBy(() -> probes.program("count_raw_tp").attachRawTracepoint("sys_enter"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed");
    }
}
