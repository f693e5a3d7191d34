package dev.hotscope.bpf.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotscope.bpf.BpfAssumptions;
import dev.hotscope.bpf.Bpftool;
import dev.hotscope.bpf.TargetGoneException;
import dev.hotscope.bpf.threads.ForkedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Start, partial attach, refusal and close of a {@link GcTracer} on forked processes. */
class GcTracerLifecycleTest {
    private static final Path UPROBE_EVENTS = Path.of("/sys/kernel/tracing/uprobe_events");

    @BeforeEach
    void bpf() {
        BpfAssumptions.assumeBpf();
    }

    @Test
    void closeLeavesNoProgramLinkMapOrUprobeBehind() throws Exception {
        BpfAssumptions.assumeThat(Bpftool.available(), "bpftool is not installed");
        Set<Long> programs = new HashSet<>();
        Set<Long> links = new HashSet<>();
        Set<Long> maps = new HashSet<>();
        List<GcPauseEvent> pauses = new ArrayList<>();
        try (GcTarget target = GcTarget.start(GcTarget.JDK17, List.of())) {
            GcTracer usdt = GcTracer.start(target.pid(), GcConfig.defaults(), pauses::add, s -> { });
            GcTracer uprobes = GcTracer.start(target.pid(), GcConfig.defaults().withForcedUprobes(true), pauses::add, s -> { });
            for (GcTracer tracer : List.of(usdt, uprobes)) {
                programs.addAll(tracer.kernelIds("prog"));
                links.addAll(tracer.kernelIds("link"));
                maps.addAll(tracer.kernelIds("map"));
            }
            target.churn(50, 1);
            GcPausesTest.drain(usdt, uprobes);
            assertThat(pauses).as("both saw System.gc()").filteredOn(GcPauseEvent::full).hasSize(2);
            assertThat(Bpftool.linksOf(programs)).as("links of our programs while tracing").hasSizeGreaterThanOrEqualTo(links.size());
            usdt.close();
            uprobes.close();
            usdt.close();
            assertThat(usdt.poll(Duration.ZERO)).as("poll after close").isZero();
            assertThatThrownBy(usdt::counters).isInstanceOf(IllegalStateException.class);
            target.churn(50, 1);
        }
        assertThat(programs).doesNotContain(-1L).hasSizeGreaterThanOrEqualTo(2 * 9);
        assertThat(Bpftool.leftover("prog", programs)).as("bpftool prog show").isEmpty();
        assertThat(Bpftool.leftover("link", links)).as("bpftool link show").isEmpty();
        assertThat(Bpftool.linksOf(programs)).as("bpftool link show, USDT's uprobe links included").isEmpty();
        // Maps go when the last program using them is freed, after an RCU grace period.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> left = Bpftool.leftover("map", maps);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = Bpftool.leftover("map", maps);
        }
        assertThat(left).as("bpftool map show").isEmpty();
        if (Files.isReadable(UPROBE_EVENTS)) {
            assertThat(Files.readAllLines(UPROBE_EVENTS)).as(UPROBE_EVENTS.toString())
                .noneMatch(line -> line.contains("libjvm.so"));
        }
    }

    @Test
    void aMissingFunctionIsAProblemWhileTheOtherPartsRun() throws Exception {
        List<GcPauseEvent> pauses = new ArrayList<>();
        List<SafepointEvent> safepoints = new ArrayList<>();
        try (GcTarget target = GcTarget.start(GcTarget.JDK17, List.of());
             GcTracer tracer = GcTracer.start(target.pid(), GcConfig.defaults().withForcedUprobes(true), pauses::add,
                 safepoints::add, jvm -> jvm.withoutFunction(HotSpotLibrary.SAFEPOINT_BEGIN))) {
            assertThat(tracer.problems()).singleElement().asString()
                .startsWith("safepoints not traced").contains(HotSpotLibrary.SAFEPOINT_BEGIN, "libjvm.so");
            target.churn(50, 1);
            GcPausesTest.drain(tracer);
            assertThat(pauses).filteredOn(GcPauseEvent::full).singleElement()
                .satisfies(p -> assertThat(p.insideSafepoint()).isFalse());
            assertThat(safepoints).isEmpty();
            assertThat(tracer.counters().unmatched()).isZero();
        }
    }

    @Test
    void refusesWhatIsNotALiveHotSpotJvm() throws Exception {
        try (ForkedProcess sleeper = ForkedProcess.start(List.of("sleep", "30"))) {
            assertThatThrownBy(() -> GcTracer.start(sleeper.pid(), GcConfig.defaults(), p -> { }, s -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("libjvm.so");
        }
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertThatThrownBy(() -> GcTracer.start(gone.pid(), GcConfig.defaults(), p -> { }, s -> { }))
            .isInstanceOf(TargetGoneException.class);
        assertThatThrownBy(() -> GcTracer.start(0, GcConfig.defaults(), p -> { }, s -> { }))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GcTracer.start(1, null, p -> { }, s -> { })).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> GcTracer.start(1, GcConfig.defaults(), null, s -> { }))
            .isInstanceOf(NullPointerException.class);
    }
}
