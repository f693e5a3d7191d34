package dev.hotscope.bpf.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.bpf.BpfAssumptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GC pauses and safepoints of a forked G1 JVM churning through a 64 MB heap with a few
 * System.gc() calls, traced twice at once (USDT probes and the forced uprobe fallback) and checked
 * against the JVM's own GC log.
 */
class GcPausesTest {
    private static final long MS = 1_000_000L;
    private static final Set<String> G1_OPERATIONS = Set.of("G1CollectForAllocation", "G1CollectFull",
        "G1PauseRemark", "G1PauseCleanup", "G1Concurrent", "G1TryInitiateConcMark");

    @BeforeEach
    void bpf() {
        BpfAssumptions.assumeBpf();
    }

    static Stream<Path> jdks() {
        return Stream.of(GcTarget.JDK17, GcTarget.JDK25);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void pausesMatchTheGcLogInsideTheirSafepointsWithBothProbeSources(Path jdk) throws Exception {
        GcTarget.assumeInstalled(jdk);
        Recorder usdt = new Recorder();
        Recorder uprobes = new Recorder();
        try (GcTarget target = GcTarget.start(jdk, List.of())) {
            long from;
            long to;
            try (GcTracer viaUsdt = GcTracer.start(target.pid(), GcConfig.defaults(), usdt.pauses::add, usdt.safepoints::add);
                 GcTracer viaUprobes = GcTracer.start(target.pid(), GcConfig.defaults().withForcedUprobes(true),
                     uprobes.pauses::add, uprobes.safepoints::add)) {
                assertThat(viaUsdt.source()).isEqualTo(GcProbeSource.USDT);
                assertThat(viaUprobes.source()).isEqualTo(GcProbeSource.UPROBES);
                assertThat(viaUsdt.problems()).isEmpty();
                assertThat(viaUprobes.problems()).isEmpty();
                from = System.nanoTime();
                target.churn(800, 3);
                drain(viaUsdt, viaUprobes);
                to = System.nanoTime();

                assertThat(gcThreadNames(target.pid(), viaUsdt.gcThreadIds())).as("threads taken for GC threads")
                    .contains("VM Thread").anyMatch(name -> name.startsWith("GC Thread#"))
                    .allMatch(name -> GcConfig.DEFAULT_GC_THREAD_PREFIXES.stream().anyMatch(name::startsWith));
                for (GcTracer tracer : List.of(viaUsdt, viaUprobes)) {
                    GcCounters counters = tracer.counters();
                    assertThat(counters.anyLost()).as("%s", counters).isFalse();
                    assertThat(counters.unmatched()).as("%s", counters).isZero();
                    Recorder seen = tracer == viaUsdt ? usdt : uprobes;
                    assertThat(counters.sent()).isEqualTo(seen.pauses.size() + seen.safepoints.size());
                }
            }
            List<GcTarget.LoggedPause> logged = inWindow(target.loggedPauses(), from, to);
            // G1 may add a full compaction of its own when the churn fills the heap: count System.gc()'s only.
            assertThat(logged.stream().filter(p -> p.what().contains("(System.gc())")).count())
                .as("System.gc() pauses in %s", logged).isEqualTo(3);
            assertThat(usdt.pauses).as("USDT pauses vs the GC log %s", logged).hasSameSizeAs(logged);
            assertMatchesLog(usdt.pauses, logged);
            assertKernelViewIsConsistent(usdt.pauses);
            assertInsideTheirSafepoints(usdt);

            assertThat(uprobes.pauses).as("uprobe fallback pauses vs USDT pauses").hasSameSizeAs(usdt.pauses);
            for (int i = 0; i < usdt.pauses.size(); i++) {
                GcPauseEvent a = usdt.pauses.get(i);
                GcPauseEvent b = uprobes.pauses.get(i);
                assertThat(Math.abs(a.startNanos() - b.startNanos())).as("start of pause %d: %s vs %s", i, a, b)
                    .isLessThan(MS);
                assertThat(b.full()).isEqualTo(a.full());
            }
            assertInsideTheirSafepoints(uprobes);
            assertThat(operations(uprobes.safepoints, from)).as("operations named from vtables")
                .isEqualTo(operations(usdt.safepoints, from));
        }
    }

    /**
     * Each logged pause lies in one traced pause, full as logged, at least as long as logged. The
     * traced pause is longer where HotSpot works before or after its timer (a young pause first
     * waits for the concurrent root region scan), so only most pauses must be about as long.
     */
    private static void assertMatchesLog(List<GcPauseEvent> pauses, List<GcTarget.LoggedPause> logged) {
        int close = 0;
        for (int i = 0; i < logged.size(); i++) {
            GcTarget.LoggedPause log = logged.get(i);
            GcPauseEvent pause = pauses.get(i);
            // The JVM logs the line just before the pause ends.
            assertThat(log.loggedNanos()).as("%s logged within %s", log, pause)
                .isBetween(pause.startNanos(), pause.endNanos() + MS);
            assertThat(pause.durationNanos()).as("%s vs %s", pause, log)
                .isGreaterThanOrEqualTo(log.durationNanos() - MS / 2 - log.durationNanos() / 20);
            assertThat(pause.full()).as("%s vs %s", pause, log).isEqualTo(log.full());
            if (Math.abs(pause.durationNanos() - log.durationNanos()) <= MS + log.durationNanos() / 10) {
                close++;
            }
        }
        assertThat(close).as("pauses within 1 ms + 10%% of the log's %s: %s", logged, pauses)
            .isGreaterThanOrEqualTo(logged.size() * 4 / 5);
    }

    /** Per thread, CPU and run-queue time are parts of the pause, so the sums fit in wall × threads. */
    static void assertKernelViewIsConsistent(List<GcPauseEvent> pauses) {
        assertThat(pauses).allSatisfy(p -> {
            assertThat(p.gcThreadsRan()).as("%s: the VM Thread at least ran", p).isPositive();
            assertThat(p.gcCpuNanos()).as("%s", p).isPositive()
                .isLessThanOrEqualTo(p.durationNanos() * p.gcThreadsRan() + p.durationNanos() / 100);
            assertThat(p.gcRunQueueNanos()).as("%s", p)
                .isLessThanOrEqualTo(p.durationNanos() * p.gcThreadsWaited() + p.durationNanos() / 100);
        });
    }

    /** Every pause lies inside a safepoint of a G1 operation, whose time to safepoint it carries. */
    private static void assertInsideTheirSafepoints(Recorder r) {
        assertThat(r.safepoints).allSatisfy(s -> {
            assertThat(s.timeToSafepointNanos()).as("%s", s).isNotNegative().isLessThanOrEqualTo(s.durationNanos());
            assertThat(s.operations()).as("%s", s).isPositive();
        });
        for (GcPauseEvent p : r.pauses) {
            SafepointEvent s = r.safepoints.stream()
                .filter(sp -> sp.startNanos() <= p.startNanos() && p.endNanos() <= sp.endNanos()).findFirst()
                .orElseThrow(() -> new AssertionError("no safepoint around " + p + " in " + r.safepoints));
            assertThat(p.timeToSafepointNanos()).as("%s in %s", p, s).isEqualTo(s.timeToSafepointNanos());
            assertThat(s.operation()).as("%s", s).isIn(G1_OPERATIONS);
            if (p.full()) {
                assertThat(s.operation()).isEqualTo("G1CollectFull");
            }
        }
        assertThat(r.safepoints).extracting(SafepointEvent::operation).contains("G1CollectForAllocation", "G1CollectFull");
    }

    /** The operations of the safepoints that began after {@code from}, in order. */
    private static List<String> operations(List<SafepointEvent> safepoints, long from) {
        return safepoints.stream().filter(s -> s.startNanos() >= from).map(SafepointEvent::operation)
            .collect(Collectors.toList());
    }

    static List<GcTarget.LoggedPause> inWindow(List<GcTarget.LoggedPause> pauses, long from, long to) {
        return pauses.stream().filter(p -> p.loggedNanos() >= from && p.loggedNanos() <= to).collect(Collectors.toList());
    }

    /** Polls until nothing came for a while: the last pause's record is in. */
    static void drain(GcTracer... tracers) {
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < 300 * MS) {
            int n = 0;
            for (GcTracer tracer : tracers) {
                n += tracer.poll(Duration.ofMillis(50));
            }
            if (n > 0) {
                quietSince = System.nanoTime();
            }
        }
    }

    /** tid → comm of the JVM's threads, for those tids. */
    private static List<String> gcThreadNames(long pid, Set<Integer> tids) throws IOException {
        Map<Integer, String> names = new TreeMap<>();
        for (int tid : tids) {
            Path comm = Path.of("/proc", Long.toString(pid), "task", Integer.toString(tid), "comm");
            if (Files.exists(comm)) {
                names.put(tid, Files.readString(comm).strip());
            }
        }
        assertThat(names).as("GC threads still alive").isNotEmpty();
        return new ArrayList<>(names.values());
    }

    static final class Recorder {
        final List<GcPauseEvent> pauses = new ArrayList<>();
        final List<SafepointEvent> safepoints = new ArrayList<>();
    }
}
