package dev.hotscope.bpf.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotscope.bpf.BpfAssumptions;
import dev.hotscope.bpf.Bpftool;
import dev.hotscope.bpf.BpfLink;
import dev.hotscope.bpf.BpfObject;
import dev.hotscope.bpf.TargetGoneException;
import dev.hotscope.bpf.symbols.Frame;
import dev.hotscope.bpf.symbols.FrameKind;
import dev.hotscope.bpf.symbols.Symbolizer;
import dev.hotscope.bpf.threads.ForkedProcess;
import dev.hotscope.bpf.threads.ThreadDirectory;
import dev.hotscope.bpf.threads.ThreadInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SchedTracer} on a forked JVM ({@link SchedWorkload}): spinners outnumbering the CPUs wait
 * on run queues, a sleeper is off CPU sleeping with its Java caller on the stack, a parked thread
 * names its waker, a thread blocked on a pipe shows while blocked, ignored threads vanish, and
 * nothing stays in the kernel after close or when the target exits.
 */
class SchedTracerTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration REPLY = Duration.ofSeconds(20);
    private static final int SPINNERS = 6;

    private ForkedProcess jvm;
    private final List<OffCpuEvent> offCpu = new ArrayList<>();
    private final List<RunQueueEvent> runQueue = new ArrayList<>();

    @BeforeEach
    void startTarget() throws Exception {
        BpfAssumptions.assumeBpf();
        // -Xbatch: sleepOnce is compiled, and named in the perf map, by the time the warm-up ends.
        jvm = ForkedProcess.java(Path.of(System.getProperty("java.home")), SchedWorkload.class, "-XX:+PreserveFramePointer", "-Xbatch",
            "-XX:CompileCommand=quiet", "-XX:CompileCommand=dontinline,dev.hotscope.bpf.sched.SchedWorkload::sleepOnce");
        jvm.readUntil("ready", STARTUP);
    }

    @AfterEach
    void stopTarget() throws Exception {
        if (jvm != null) {
            jvm.close();
        }
    }

    @Test
    void spinnersOutnumberingTheCpusWaitOnTheRunQueue() throws Exception {
        try (SchedTracer tracer = start(SchedConfig.defaults().withMinRunQueue(Duration.ofMillis(1)))) {
            request("spin " + SPINNERS, "spinning");
            pollFor(tracer, Duration.ofMillis(1500));

            ThreadDirectory threads = ThreadDirectory.forProcess(jvm.pid());
            Set<Long> spinners = tidsNamed(threads, name -> name.startsWith("spinner-"));
            assertThat(spinners).hasSize(SPINNERS);
            Map<Long, List<RunQueueEvent>> waits = runQueue.stream().filter(e -> spinners.contains(e.tid()))
                .collect(Collectors.groupingBy(RunQueueEvent::tid));
            assertThat(waits.keySet()).as("spinners with run-queue waits of 1 ms or more").isEqualTo(spinners);
            assertThat(waits.values().stream().flatMap(List::stream)).allSatisfy(e -> {
                assertThat(e.durationNanos()).isBetween(ms(1), ms(1500));
                assertThat(e.cpu()).isBetween(0, Runtime.getRuntime().availableProcessors() - 1);
            }).anySatisfy(e -> assertThat(e.cause()).isEqualTo(RunQueueCause.PREEMPTED));

            List<RunQueueHistogram> histograms = tracer.runQueueHistograms().stream()
                .filter(h -> spinners.contains(h.tid())).collect(Collectors.toList());
            assertThat(histograms).hasSize(SPINNERS).allSatisfy(h -> {
                assertThat(h.count()).isEqualTo(h.micros().total()).isGreaterThanOrEqualTo(waits.get(h.tid()).size());
                assertThat(h.totalNanos()).isGreaterThanOrEqualTo(waits.get(h.tid()).stream()
                    .mapToLong(RunQueueEvent::durationNanos).sum());
                assertThat(h.micros().format("usecs")).contains("usecs");
            });
            assertThat(tracer.threadStats().stream().filter(s -> spinners.contains(s.tid()))).hasSize(SPINNERS)
                .allSatisfy(s -> {
                    assertThat(s.onCpuNanos()).isPositive();
                    assertThat(s.preemptions()).isPositive();
                    assertThat(s.runQueueNanos()).isGreaterThanOrEqualTo(s.preemptedNanos()).isPositive();
                });
            SchedCounters counters = tracer.counters();
            assertThat(counters.runQueueSent()).isGreaterThanOrEqualTo(runQueue.size());
            assertThat(counters.anyLost()).as("lost: %s", counters).isFalse();
            request("unspin", "unspun");
        }
    }

    @Test
    void sleeperIsOffCpuSleepingWithItsJavaCallerOnTheStack() throws Exception {
        SchedConfig kernelStacksToo = SchedConfig.defaults()
            .withKernelStacks(EnumSet.of(OffCpuReason.SLEEPING, OffCpuReason.BLOCKED));
        try (SchedTracer tracer = start(kernelStacksToo)) {
            long sleeper = tidNamed(ThreadDirectory.forProcess(jvm.pid()), "sleeper");
            pollUntil(tracer, () -> sleepsOf(sleeper).size() >= 5);

            // The JVM wakes it early now and then (a handshake): those are shorter and have a waker.
            List<OffCpuEvent> sleeps = sleepsOf(sleeper);
            assertThat(sleeps).allSatisfy(e -> {
                assertThat(e.reason()).isEqualTo(OffCpuReason.SLEEPING);
                assertThat(e.durationNanos()).isBetween(ms(SchedWorkload.SLEEP_MS - 5), ms(SchedWorkload.SLEEP_MS * 10));
                assertThat(e.runQueueNanos()).isBetween(0L, e.durationNanos());
                assertThat(e.wakerTid()).as("a timer woke it: no thread did").isZero();
                assertThat(e.userStackError()).isZero();
                assertThat(e.kernelStackError()).isZero();
            });
            Symbolizer symbols = Symbolizer.forProcess(jvm.pid());
            OffCpuEvent last = sleeps.get(sleeps.size() - 1);
            List<Frame> user = symbolize(symbols, last.userStack());
            assertThat(names(user)).as("user stack").anyMatch(f -> f.contains("SchedWorkload.sleepOnce"))
                .anyMatch(f -> f.startsWith("JVM_Sleep"));
            List<Frame> kernel = symbolize(symbols, last.kernelStack());
            assertThat(kernel).allSatisfy(f -> assertThat(f.kind()).isEqualTo(FrameKind.KERNEL));
            assertThat(names(kernel)).as("kernel stack").anyMatch(f -> f.startsWith("__x64_sys_futex"));

            ThreadSchedStats stats = tracer.threadStats().stream().filter(s -> s.tid() == sleeper).findFirst().orElseThrow();
            assertThat(stats.sleeps()).isGreaterThanOrEqualTo(sleeps.size());
            assertThat(stats.sleepingNanos()).isGreaterThanOrEqualTo(sleeps.stream().mapToLong(OffCpuEvent::durationNanos).sum());
            assertThat(stats.offCpuNanos(OffCpuReason.SLEEPING)).isEqualTo(stats.sleepingNanos());
            assertThat(tracer.counters().offCpuSent()).isGreaterThanOrEqualTo(offCpu.size());
        }
    }

    @Test
    void parkedThreadNamesTheThreadThatUnparkedIt() throws Exception {
        try (SchedTracer tracer = start(SchedConfig.defaults().withMinOffCpu(Duration.ofMillis(20)))) {
            request("handoff", "handed-off");
            tracer.poll(Duration.ofMillis(100));
            ThreadDirectory threads = ThreadDirectory.forProcess(jvm.pid());
            long parker = tidNamed(threads, "parker");
            long unparker = tidNamed(threads, "unparker");

            List<OffCpuEvent> parks = offCpuOf(parker);
            assertThat(parks).hasSizeGreaterThanOrEqualTo(SchedWorkload.HANDOFFS - 1).allSatisfy(e -> {
                assertThat(e.reason()).isEqualTo(OffCpuReason.SLEEPING);
                assertThat(e.wakerTid()).isEqualTo(unparker);
                assertThat(e.wakerPid()).isEqualTo(jvm.pid());
                assertThat(e.durationNanos()).isBetween(ms(SchedWorkload.HANDOFF_DELAY_MS / 2), ms(2_000));
                assertThat(e.waitNanos()).isPositive();
            });
            List<String> stack = names(symbolize(Symbolizer.forProcess(jvm.pid()), parks.get(0).userStack()));
            assertThat(stack).as("%s", stack).anyMatch(f -> f.contains("Unsafe_Park"));
        }
    }

    @Test
    void threadBlockedOnAPipeShowsWhileBlockedAndReportsTheWaitWhenReleased() throws Exception {
        try (SchedTracer tracer = start(SchedConfig.defaults())) {
            List<OffCpuThread> before = tracer.offCpuNow();
            Set<Long> idleSinceStart = tidsNamed(ThreadDirectory.forProcess(jvm.pid()),
                name -> name.equals("Finalizer") || name.equals("Reference Handler"));
            assertThat(before).as("JDK threads waiting since before tracing")
                .anySatisfy(t -> {
                    assertThat(t.beganBeforeTracing()).isTrue();
                    assertThat(idleSinceStart).contains(t.tid());
                });

            request("block", "blocking");
            long reader = tidNamed(ThreadDirectory.forProcess(jvm.pid()), "reader");
            OffCpuThread blocked = awaitOffCpu(tracer, reader);
            assertThat(blocked.reason()).isEqualTo(OffCpuReason.SLEEPING);
            assertThat(blocked.beganBeforeTracing()).isFalse();
            Thread.sleep(1200);
            OffCpuThread still = tracer.offCpuNow().stream().filter(t -> t.tid() == reader).findFirst()
                .orElseThrow(() -> new AssertionError("the reader is no longer off CPU"));
            assertThat(still.sinceNanos()).isEqualTo(blocked.sinceNanos());
            assertThat(still.elapsedNanos()).isGreaterThanOrEqualTo(ms(1200));
            assertThat(offCpuOf(reader)).as("nothing sent while it waits").noneMatch(e -> e.startNanos() == blocked.sinceNanos());

            request("release", "released");
            pollUntil(tracer, () -> offCpuOf(reader).stream().anyMatch(e -> e.startNanos() == blocked.sinceNanos()));
            OffCpuEvent read = offCpuOf(reader).stream().filter(e -> e.startNanos() == blocked.sinceNanos()).findFirst().orElseThrow();
            assertThat(read.durationNanos()).isGreaterThanOrEqualTo(ms(1200));
            assertThat(read.wakerPid()).as("woken by the main thread closing the pipe").isEqualTo(jvm.pid());
            assertThat(tracer.offCpuNow()).noneMatch(t -> t.tid() == reader && t.sinceNanos() == blocked.sinceNanos());
        }
    }

    @Test
    void ignoredThreadProducesNoRecordsNorTotals() throws Exception {
        try (SchedTracer tracer = start(SchedConfig.defaults())) {
            long sleeper = tidNamed(ThreadDirectory.forProcess(jvm.pid()), "sleeper");
            pollUntil(tracer, () -> !offCpuOf(sleeper).isEmpty());

            assertThat(tracer.ignoreThreads(List.of(sleeper, 999_999_999L))).as("only live threads of the target").isEqualTo(1);
            // Taken once the kernel's map says so: a sleep may end between a clock read before the
            // call and the map update, and be reported rightly.
            long ignoredFrom = System.nanoTime();
            assertThat(tracer.ignoreThreads(List.of(sleeper))).as("already ignored").isZero();
            offCpu.clear();
            pollFor(tracer, Duration.ofMillis(500));

            assertThat(offCpu).as("other threads still traced").isNotEmpty();
            assertThat(offCpuOf(sleeper)).as("sleeps ended after it was ignored").noneMatch(e -> e.endNanos() > ignoredFrom);
            assertThat(tracer.threadStats()).noneMatch(s -> s.tid() == sleeper);
            assertThat(tracer.runQueueHistograms()).noneMatch(h -> h.tid() == sleeper);
            assertThat(tracer.offCpuNow()).noneMatch(t -> t.tid() == sleeper);
            assertThatThrownBy(() -> tracer.ignoreThreads(null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void closeLeavesNothingInTheKernelAndIsIdempotent() throws Exception {
        BpfAssumptions.assumeThat(Bpftool.available(), "bpftool is not installed");
        Set<Long> programs = new HashSet<>();
        Set<Long> maps = new HashSet<>();
        Set<Long> links = new HashSet<>();
        SchedTracer tracer = start(SchedConfig.defaults());
        try {
            tracer.poll(Duration.ofMillis(100));
            BpfObject object = tracer.bpfObject();
            object.programNames().forEach(name -> programs.add(object.program(name).id()));
            object.mapNames().forEach(name -> maps.add(object.map(name).id()));
            object.links().stream().map(BpfLink::id).forEach(links::add);
            assertThat(links).as("sched_switch, wakeups, exit and 6 interrupt tracepoints").hasSize(11);
            assertThat(Bpftool.leftover("prog", programs)).hasSize(programs.size());
        } finally {
            tracer.close();
        }
        tracer.close();

        // Links and programs of raw tracepoints, and then maps, are freed after RCU grace periods.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (Bpftool.leftover("link", links).size() + Bpftool.leftover("prog", programs).size() + Bpftool.leftover("map", maps).size() > 0
            && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Bpftool.leftover("link", links)).as("bpftool link show").isEmpty();
        assertThat(Bpftool.leftover("prog", programs)).as("bpftool prog show").isEmpty();
        assertThat(Bpftool.leftover("map", maps)).as("bpftool map show").isEmpty();
        assertThatThrownBy(tracer::threadStats).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void targetExitingMidTraceLeavesNoThreadsBehind() throws Exception {
        try (SchedTracer tracer = start(SchedConfig.defaults())) {
            pollUntil(tracer, () -> !offCpu.isEmpty());
            assertThat(tracer.threadStats()).isNotEmpty();

            jvm.send("exit");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ProcessHandle.of(jvm.pid()).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                tracer.poll(Duration.ofMillis(50));
            }
            tracer.poll(Duration.ofMillis(100));
            assertThat(ProcessHandle.of(jvm.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(tracer.threadStats()).as("every thread forgotten at its exit").isEmpty();
            assertThat(tracer.offCpuNow()).isEmpty();
            assertThat(tracer.counters().anyLost()).isFalse();
        }
    }

    @Test
    void missingTargetIsRefused() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        assertThatThrownBy(() -> SchedTracer.start(done.pid(), SchedConfig.defaults(), e -> { }, e -> { }))
            .isInstanceOf(TargetGoneException.class);
    }

    private SchedTracer start(SchedConfig config) {
        return SchedTracer.start(jvm.pid(), config, offCpu::add, runQueue::add);
    }

    private void request(String command, String reply) throws IOException, InterruptedException {
        jvm.send(command);
        jvm.readUntil(reply, REPLY);
    }

    private static void pollFor(SchedTracer tracer, Duration time) {
        long end = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < end) {
            tracer.poll(Duration.ofMillis(50));
        }
    }

    private static void pollUntil(SchedTracer tracer, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            tracer.poll(Duration.ofMillis(50));
        }
    }

    private static OffCpuThread awaitOffCpu(SchedTracer tracer, long tid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (OffCpuThread t : tracer.offCpuNow()) {
                if (t.tid() == tid && !t.beganBeforeTracing()) {
                    return t;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("thread " + tid + " never showed off CPU: " + tracer.offCpuNow());
    }

    private List<OffCpuEvent> sleepsOf(long sleeper) {
        return offCpuOf(sleeper).stream().filter(e -> e.durationNanos() >= ms(SchedWorkload.SLEEP_MS / 2))
            .collect(Collectors.toList());
    }

    private List<OffCpuEvent> offCpuOf(long tid) {
        return offCpu.stream().filter(e -> e.tid() == tid).collect(Collectors.toList());
    }

    private static long tidNamed(ThreadDirectory threads, String name) {
        return threads.threads().stream().filter(t -> t.name().equals(name)).mapToLong(ThreadInfo::tid).findFirst()
            .orElseThrow(() -> new AssertionError("no thread " + name + " in " + threads.threads()));
    }

    private static Set<Long> tidsNamed(ThreadDirectory threads, java.util.function.Predicate<String> name) {
        return threads.threads().stream().filter(t -> name.test(t.name())).map(ThreadInfo::tid).collect(Collectors.toSet());
    }

    private static List<Frame> symbolize(Symbolizer symbols, long[] stack) {
        Frame[] frames = new Frame[stack.length];
        symbols.symbolizeStack(stack, stack.length, frames);
        return Arrays.asList(frames);
    }

    private static List<String> names(List<Frame> frames) {
        return frames.stream().map(Frame::name).collect(Collectors.toList());
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
