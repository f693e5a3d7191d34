package dev.hotscope.bpf.locks;

import dev.hotscope.bpf.Bpftool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotscope.bpf.BpfAssumptions;
import dev.hotscope.bpf.BpfObject;
import dev.hotscope.bpf.symbols.Frame;
import dev.hotscope.bpf.symbols.Symbolizer;
import dev.hotscope.bpf.threads.ForkedProcess;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The lock tracer against one forked JVM ({@link LockTarget}, with frame pointers, C1 only and
 * {@code -XX:+DTraceMonitorProbes}): contended {@code synchronized} and ReentrantLock waits with
 * their waker, run-queue delay, Java frames and monitor class; waits in progress; ignored threads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockTracerTest {
    private static final Duration REPLY = Duration.ofSeconds(30);
    private static final String GUARD = LockTarget.Guard.class.getName();

    private ForkedProcess jvm;
    private final List<FutexWaitEvent> futexWaits = new ArrayList<>();
    private final List<MonitorWaitEvent> monitorWaits = new ArrayList<>();

    @BeforeEach
    void clearRecords() {
        futexWaits.clear();
        monitorWaits.clear();
    }

    /** The JDK the target runs on: the one running the tests. */
    Path jdk() {
        return Path.of(System.getProperty("java.home"));
    }

    @BeforeAll
    void startTarget() throws Exception {
        jvm = ForkedProcess.java(jdk(), LockTarget.class, "-XX:+PreserveFramePointer", "-XX:TieredStopAtLevel=1",
            "-XX:+DTraceMonitorProbes");
        assertThat(jvm.readLine(REPLY)).startsWith("READY ");
    }

    @AfterAll
    void stopTarget() throws Exception {
        if (jvm != null) {
            jvm.close();
        }
    }

    @BeforeEach
    void bpf() {
        BpfAssumptions.assumeBpf();
    }

    @Test
    void contendedSynchronizedIsSeenWithHolderAsWakerJavaFrameAndMonitorClass() throws Exception {
        try (LockTracer tracer = start(LockConfig.defaults())) {
            assertThat(tracer.monitorProbesActive()).as("problem: %s", tracer.problem()).isTrue();
            assertThat(tracer.problem()).isEmpty();
            Contention round = null;
            // JDK 17 parks a lone waiter with growing timeouts (1, 8, 64 ms ...): when the 64 ms one
            // expires just before the holder leaves and the waiter gets no CPU until after, the timer
            // woke it and no thread did. Another round then shows the holder as the waker.
            for (int i = 0; i < 3 && (round == null || round.woken() == null); i++) {
                round = contend(tracer, "sync", "SYNC");
            }
            Contention sync = round;
            FutexWaitEvent woken = sync.woken();
            assertThat(woken).as("a wait of the waiter ended by the holder: %s", sync.waits()).isNotNull();
            long waited = sync.waits().stream().mapToLong(FutexWaitEvent::durationNanos).sum();
            assertThat(waited).as("waiter's waits %s", sync.waits()).isBetween(ms(LockTarget.HOLD_MS), ms(2000));
            assertThat(woken.result()).isZero();
            assertThat(woken.wakerInProcess()).isTrue();
            assertThat(woken.wakerName()).isEqualTo("sync-holder");
            assertThat(woken.wokenByTimer()).isFalse();
            assertThat(woken.runQueueNanos()).as("run-queue delay").isBetween(0L, ms(500));
            assertThat(woken.wokenNanos()).isBetween(woken.startNanos(), woken.startNanos() + woken.durationNanos());
            assertThat(FutexOps.isWait(woken.op())).as(woken.opName()).isTrue();
            assertThat(sync.waits()).filteredOn(FutexWaitEvent::timedOut)
                .allSatisfy(w -> assertThat(w.wakerTid()).isZero())
                .allSatisfy(w -> assertThat(w.wokenByTimer()).isTrue());
            assertThat(javaFrames(woken)).as("waiter's stack").anyMatch(f -> f.contains("LockTarget.syncWait"));

            MonitorWaitEvent monitor = monitorWaits.stream().filter(m -> m.tid() == sync.waiter()).findFirst()
                .orElseThrow(() -> new AssertionError("no monitor record for the waiter: " + monitorWaits));
            assertThat(monitor.className()).isEqualTo(GUARD);
            assertThat(monitor.javaThreadId()).isEqualTo(sync.waiterJavaId());
            assertThat(monitor.monitorAddress()).isNotZero();
            assertThat(monitor.durationNanos()).isBetween(ms(LockTarget.HOLD_MS), ms(2000));
            assertThat(monitor.startNanos()).isLessThanOrEqualTo(woken.startNanos());

            assertThat(tracer.counters().futexSent()).isGreaterThanOrEqualTo(futexWaits.size());
            assertThat(tracer.counters().monitorSent()).isEqualTo(monitorWaits.size());
            assertThat(tracer.counters().anyLost()).as("%s", tracer.counters()).isFalse();
            assertThat(threadsIn(tracer.object(), "waits")).as("exited threads' wait slots")
                .doesNotContain(sync.holder(), sync.waiter());
            assertThat(threadsIn(tracer.object(), "monitors")).doesNotContain(sync.holder(), sync.waiter());
        }
    }

    @Test
    void contendedReentrantLockIsOneWaitEndedByTheHolder() throws Exception {
        try (LockTracer tracer = start(LockConfig.defaults())) {
            Contention rl = contend(tracer, "rl", "RL");
            FutexWaitEvent wait = rl.woken();
            assertThat(wait).as("a wait of the waiter ended by the holder: %s", rl.waits()).isNotNull();
            assertThat(wait.durationNanos()).isBetween(ms(LockTarget.HOLD_MS), ms(2000));
            assertThat(wait.result()).isZero();
            assertThat(wait.wakerInProcess()).isTrue();
            assertThat(wait.wakerName()).isEqualTo("rl-holder");
            assertThat(wait.runQueueNanos()).isBetween(0L, ms(500));
            assertThat(javaFrames(wait)).as("waiter's stack").anyMatch(f -> f.contains("LockTarget.rlWait"));
            assertThat(monitorWaits).as("a ReentrantLock is no monitor").noneMatch(m -> m.tid() == rl.waiter());
        }
    }

    /** One round of contention as the target reported it and the tracer saw it. */
    private record Contention(int holder, int waiter, long waiterJavaId, List<FutexWaitEvent> waits,
                              FutexWaitEvent woken) {}

    /**
     * Runs one round of a contention command and collects the waiter's waits until one that
     * returned 0 (woken) is there.
     */
    private Contention contend(LockTracer tracer, String command, String reply) throws Exception {
        String[] fields = request(command, reply);
        int holder = Integer.parseInt(fields[1]);
        int waiter = Integer.parseInt(fields[2]);
        pollUntil(tracer, () -> of(waiter).stream().anyMatch(w -> w.result() == 0));
        List<FutexWaitEvent> waits = of(waiter);
        assertThat(waits).as("timer wake-ups name no waker").filteredOn(FutexWaitEvent::wokenByTimer)
            .allSatisfy(w -> assertThat(w.wakerTid()).isZero());
        FutexWaitEvent woken = waits.stream().filter(w -> w.wakerTid() == holder).findFirst().orElse(null);
        return new Contention(holder, waiter, Long.parseLong(fields[3]), waits, woken);
    }

    @Test
    void parkedThreadsShowInWaitsNowWhetherTheyParkedBeforeOrAfterTracingBegan() throws Exception {
        int early = Integer.parseInt(request("park", "PARKED")[1]);
        try (LockTracer tracer = start(LockConfig.defaults())) {
            InflightWait before = find(tracer.waitsNow(), early);
            assertThat(before.beganBeforeTracing()).isTrue();
            assertThat(FutexOps.isWait(before.op())).as(before.opName()).isTrue();
            assertThat(before.uaddr()).isNotZero();
            request("unpark", "UNPARKED");

            int parker = Integer.parseInt(request("park", "PARKED")[1]);
            Thread.sleep(1200);
            InflightWait now = find(tracer.waitsNow(), parker);
            assertThat(now.beganBeforeTracing()).isFalse();
            assertThat(now.elapsedNanos()).isGreaterThanOrEqualTo(ms(1200));
            assertThat(now.startNanos()).isLessThan(System.nanoTime() - ms(1200));
            int unparker = Integer.parseInt(request("unpark", "UNPARKED")[1]);
            pollUntil(tracer, () -> of(parker).stream().anyMatch(w -> w.startNanos() == now.startNanos()));
            FutexWaitEvent ended = of(parker).stream().filter(w -> w.startNanos() == now.startNanos()).findFirst()
                .orElseThrow(() -> new AssertionError("the parker's wait did not end in a record: " + of(parker)));
            assertThat(ended.durationNanos()).isGreaterThanOrEqualTo(ms(1200));
            assertThat(ended.uaddr()).isEqualTo(now.uaddr());
            assertThat(ended.wakerTid()).as("the thread that unparked it").isEqualTo(unparker);
            assertThat(tracer.waitsNow()).noneMatch(w -> w.tid() == parker);
        }
    }

    @Test
    void ignoredThreadsProduceNoRecordsAndDoNotShowAsWaiting() throws Exception {
        String[] pair = request("pair", "PAIR");
        int quiet = Integer.parseInt(pair[1]);
        int loud = Integer.parseInt(pair[2]);
        try (LockTracer tracer = start(LockConfig.defaults())) {
            assertThat(tracer.waitsNow()).anyMatch(w -> w.tid() == quiet).anyMatch(w -> w.tid() == loud);
            tracer.ignoreThreads(List.of((long) quiet));
            assertThat(tracer.waitsNow()).noneMatch(w -> w.tid() == quiet).anyMatch(w -> w.tid() == loud);

            request("go", "SLEPT");
            pollUntil(tracer, () -> of(loud).stream().filter(FutexWaitEvent::timedOut).count() >= LockTarget.NAPS);
            assertThat(of(loud)).filteredOn(FutexWaitEvent::timedOut).hasSizeGreaterThanOrEqualTo(LockTarget.NAPS)
                .allSatisfy(w -> {
                    assertThat(w.durationNanos()).isBetween(ms(LockTarget.NAP_MS - 1), ms(LockTarget.NAP_MS * 10));
                    assertThat(w.wakerTid()).as("a timeout has no waker").isZero();
                    assertThat(w.wakerName()).isEmpty();
                    assertThat(w.describeResult()).isEqualTo("-ETIMEDOUT (110)");
                });
            assertThat(of(quiet)).as("ignored thread's records").isEmpty();
            assertThat(threadsIn(tracer.object(), "ignored")).as("exited threads are forgotten").doesNotContain(quiet);
            assertThatThrownBy(() -> tracer.ignoreThreads(List.of(0L))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void closeLeavesNoProgramLinkOrMapAndIsIdempotent() throws Exception {
        List<Long> programs = new ArrayList<>();
        List<Long> links = new ArrayList<>();
        List<Long> maps = new ArrayList<>();
        LockTracer tracer = start(LockConfig.defaults());
        BpfObject object = tracer.object();
        for (String name : object.programNames()) {
            long id = object.program(name).id();
            if (id > 0) {
                programs.add(id);
            }
        }
        object.links().forEach(link -> links.add(link.id()));
        object.mapNames().forEach(name -> maps.add(object.map(name).id()));
        assertThat(links).as("futex, waitv, sched and USDT links").hasSizeGreaterThanOrEqualTo(7);
        tracer.close();
        tracer.close();
        assertThat(tracer.poll(Duration.ZERO)).isZero();
        assertThat(Bpftool.leftover("prog", programs)).isEmpty();
        assertThat(Bpftool.leftover("link", links)).isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Bpftool.leftover("map", maps).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50); // maps go after an RCU grace period
        }
        assertThat(Bpftool.leftover("map", maps)).isEmpty();
    }

    private LockTracer start(LockConfig config) {
        return LockTracer.start(jvm.pid(), config, futexWaits::add, monitorWaits::add);
    }

    private String[] request(String command, String replyWord) throws Exception {
        jvm.send(command);
        String line = jvm.readLine(REPLY);
        assertThat(line.split(" ")[0]).as("reply to %s: %s", command, line).isEqualTo(replyWord);
        return line.split(" ");
    }

    private static void pollUntil(LockTracer tracer, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            tracer.poll(Duration.ofMillis(50));
        }
        tracer.poll(Duration.ofMillis(50));
    }

    private List<FutexWaitEvent> of(int tid) {
        return futexWaits.stream().filter(w -> w.tid() == tid).collect(Collectors.toList());
    }

    private static InflightWait find(List<InflightWait> waits, int tid) {
        return waits.stream().filter(w -> w.tid() == tid).findFirst()
            .orElseThrow(() -> new AssertionError("thread " + tid + " not waiting in " + waits));
    }

    private List<String> javaFrames(FutexWaitEvent wait) {
        Symbolizer symbols = Symbolizer.forProcess(jvm.pid());
        Frame[] frames = new Frame[wait.userStackDepth()];
        symbols.symbolizeStack(wait.userStack(), frames.length, frames);
        return Arrays.stream(frames).map(Frame::name).collect(Collectors.toList());
    }

    private static List<Integer> threadsIn(BpfObject object, String map) {
        return object.map(map).keys().stream()
            .map(k -> ByteBuffer.wrap(k).order(ByteOrder.nativeOrder()).getInt(0)).collect(Collectors.toList());
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
