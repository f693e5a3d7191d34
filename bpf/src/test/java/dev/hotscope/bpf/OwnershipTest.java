package dev.hotscope.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing leaves nothing behind: no programs, links or maps in the kernel, no fds in this process. */
class OwnershipTest {
    private static final Pattern ID = Pattern.compile("(?m)^(\\d+): ");
    private static final int CYCLES = 50;

    private final Set<Long> programs = new HashSet<>();
    private final Set<Long> maps = new HashSet<>();
    private final Set<Long> links = new HashSet<>();

    @BeforeEach
    void bpf() {
        BpfAssumptions.assumeBpf();
        BpfAssumptions.assumeThat(bpftool("version") != null, "bpftool is not installed");
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

        assertThat(leftover("prog", programs)).as("bpftool prog show").isEmpty();
        assertThat(leftover("link", links)).as("bpftool link show").isEmpty();
        // Maps go when the last program using them is freed, after an RCU grace period.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> maps = leftover("map", this.maps);
        while (!maps.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            maps = leftover("map", this.maps);
        }
        assertThat(maps).as("bpftool map show").isEmpty();
    }

    /** The lines of {@code bpftool KIND show} whose id is one of ours. */
    private static List<String> leftover(String kind, Set<Long> ours) {
        String out = bpftool(kind, "show");
        assertThat(out).as("bpftool " + kind + " show").isNotNull();
        return out.lines().filter(line -> {
            Matcher id = ID.matcher(line);
            return id.find() && ours.contains(Long.parseLong(id.group(1)));
        }).collect(Collectors.toList());
    }

    private static String bpftool(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bpftool"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
