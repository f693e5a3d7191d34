package dev.hotscope.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing leaves nothing behind: no programs, links or maps in the kernel, no fds in this process. */
class OwnershipTest {
    private static final int CYCLES = 50;

    private final Set<Long> programs = new HashSet<>();
    private final Set<Long> maps = new HashSet<>();
    private final Set<Long> links = new HashSet<>();

    @BeforeEach
    void bpf() {
        BpfAssumptions.assumeBpf();
        BpfAssumptions.assumeThat(Bpftool.available(), "bpftool is not installed");
    }

    private void cycle() {
        try (BpfObject syscalls = BpfObject.openResource(TestPrograms.SYSCALLS)) {
            syscalls.rodata().putInt(0, (int) TestNative.pid()).putLong(8, Duration.ofSeconds(10).toNanos());
            syscalls.setMaxEntries("hists", 256);
            syscalls.setMaxEntries("inflight", 256);
            syscalls.load();
            links.add(syscalls.program("hs_sys_enter").attachRawTracepoint("sys_enter").id());
            links.add(syscalls.program("hs_sys_exit").attachRawTracepoint("sys_exit").id());
            links.add(syscalls.program("hs_thread_exit").attachTracepoint("sched", "sched_process_exit").id());
            RingBuffer ring = RingBuffer.open(syscalls.map("events"), record -> { });
            ring.poll(Duration.ZERO);
            for (String program : syscalls.programNames()) {
                programs.add(syscalls.program(program).id());
            }
            for (String map : syscalls.mapNames()) {
                maps.add(syscalls.map(map).id());
            }
        }
    }

    @Test
    void fiftyLoadAttachCloseCyclesLeaveNothing() throws Exception {
        cycle(); // warm up: libraries, classes and their jar fds
        int fds = TestNative.openFds();
        for (int i = 0; i < CYCLES; i++) {
            cycle();
        }
        try (BpfObject unloaded = BpfObject.openResource(TestPrograms.SYSCALLS)) {
            assertThat(unloaded.programNames()).hasSize(3);
        }
        assertThat(TestNative.openFds()).as("open fds").isEqualTo(fds);
        assertThat(programs).hasSize(3 * (CYCLES + 1)).doesNotContain(-1L);
        assertThat(links).hasSize(3 * (CYCLES + 1)).doesNotContain(-1L);
        assertThat(maps).doesNotContain(-1L);

        assertThat(Bpftool.leftover("prog", programs)).as("bpftool prog show").isEmpty();
        assertThat(Bpftool.leftover("link", links)).as("bpftool link show").isEmpty();
        // Maps go when the last program using them is freed, after an RCU grace period.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> maps = Bpftool.leftover("map", this.maps);
        while (!maps.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            maps = Bpftool.leftover("map", this.maps);
        }
        assertThat(maps).as("bpftool map show").isEmpty();
    }
}
