package dev.hotscope.bpf.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotscope.bpf.BpfAssumptions;
import dev.hotscope.bpf.Bpftool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Close leaves nothing in the kernel; consumer exceptions are kept, not thrown. */
class ProbeLifecycleTest {
    private static final Path UPROBE_EVENTS = Path.of("/sys/kernel/tracing/uprobe_events");

    @BeforeEach
    void bpf() {
        BpfAssumptions.assumeBpf();
    }

    @Test
    void closeLeavesNoProgramLinkOrMapBehind() throws Exception {
        BpfAssumptions.assumeThat(Bpftool.available(), "bpftool is not installed");
        Set<Long> programs = new HashSet<>();
        Set<Long> links = new HashSet<>();
        Set<Long> maps = new HashSet<>();
        List<ProbeHit> hits = new ArrayList<>();
        try (PythonWorker python = PythonWorker.start()) {
            ProbeTracer uprobe = ProbeTracer.start(ProbeSpec.uprobe("libc", "getppid").returns().pid(python.pid())
                .userStack(true), hits::add);
            ProbeTracer pair = ProbeTracer.start(ProbeSpec.tracepoint("syscalls", "sys_enter_getppid")
                .until(ProbeSpec.tracepoint("syscalls", "sys_exit_getppid")).pid(python.pid()).kernelStack(true), hits::add);
            for (ProbeTracer tracer : List.of(uprobe, pair)) {
                programs.addAll(tracer.kernelIds("prog"));
                links.addAll(tracer.kernelIds("link"));
                maps.addAll(tracer.kernelIds("map"));
            }
            python.run("getppid 3");
            ProbeTracerTest.drain(uprobe, hits, 3);
            ProbeTracerTest.drain(pair, hits, 6);
            assertThat(hits).hasSize(6);
            assertThat(hits).filteredOn(h -> h.userStack().length > 0).as("uprobe hits, with user stacks only").hasSize(3)
                .allSatisfy(h -> assertThat(h.kernelStack()).isEmpty());
            assertThat(hits).filteredOn(h -> h.kernelStack().length > 0).as("syscall pairs, with kernel stacks only").hasSize(3)
                .allSatisfy(h -> assertThat(h.userStack()).isEmpty());
            assertThat(Bpftool.linksOf(programs)).as("links while tracing").hasSizeGreaterThanOrEqualTo(3);
            uprobe.close();
            pair.close();
            uprobe.close();
            assertThat(uprobe.poll(Duration.ZERO)).isZero();
            assertThatThrownBy(uprobe::counters).isInstanceOf(IllegalStateException.class);
        }
        assertThat(programs).doesNotContain(-1L).hasSize(4);
        assertThat(Bpftool.leftover("prog", programs)).as("bpftool prog show").isEmpty();
        assertThat(Bpftool.leftover("link", links)).as("bpftool link show").isEmpty();
        assertThat(Bpftool.linksOf(programs)).as("bpftool link show, uprobe links included").isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> left = Bpftool.leftover("map", maps);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = Bpftool.leftover("map", maps);
        }
        assertThat(left).as("bpftool map show").isEmpty();
        if (Files.isReadable(UPROBE_EVENTS)) {
            assertThat(Files.readAllLines(UPROBE_EVENTS)).noneMatch(line -> line.contains("libc.so.6"));
        }
    }

    @Test
    void consumerExceptionsAreCountedAndKept() throws Exception {
        try (PythonWorker python = PythonWorker.start();
             ProbeTracer tracer = ProbeTracer.start(ProbeSpec.uprobe("libc", "getppid").pid(python.pid()), h -> {
                 throw new IllegalStateException("consumer failed on " + h.tid());
             })) {
            python.run("getppid 3");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (tracer.callbackErrors() < 3 && System.nanoTime() < deadline) {
                tracer.poll(Duration.ofMillis(50));
            }
            assertThat(tracer.callbackErrors()).isEqualTo(3);
            assertThat(tracer.errors()).hasSize(3).allSatisfy(e -> assertThat(e).hasMessageStartingWith("consumer failed"));
        }
    }
}
