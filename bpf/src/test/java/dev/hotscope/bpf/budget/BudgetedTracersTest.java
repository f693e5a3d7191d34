package dev.hotscope.bpf.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.bpf.BpfAssumptions;
import dev.hotscope.bpf.EventBudget;
import dev.hotscope.bpf.locks.FutexWaitEvent;
import dev.hotscope.bpf.locks.LockConfig;
import dev.hotscope.bpf.locks.LockCounters;
import dev.hotscope.bpf.locks.LockTracer;
import dev.hotscope.bpf.locks.LockWaitHistogram;
import dev.hotscope.bpf.sched.OffCpuEvent;
import dev.hotscope.bpf.sched.OffCpuHistogram;
import dev.hotscope.bpf.sched.OffCpuReason;
import dev.hotscope.bpf.sched.RunQueueEvent;
import dev.hotscope.bpf.sched.RunQueueHistogram;
import dev.hotscope.bpf.sched.SchedConfig;
import dev.hotscope.bpf.sched.SchedCounters;
import dev.hotscope.bpf.sched.SchedTracer;
import dev.hotscope.bpf.sched.ThreadSchedStats;
import dev.hotscope.bpf.syscalls.SyscallCounters;
import dev.hotscope.bpf.syscalls.SyscallEvent;
import dev.hotscope.bpf.syscalls.SyscallHistogram;
import dev.hotscope.bpf.syscalls.SyscallTracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Storms against the real kernel with every event over a zero threshold: under a budget the
 * tracers send about the budget's rate, count the rest as throttled, and their histograms still
 * count every event; without one nothing is throttled.
 */
class BudgetedTracersTest {
    private static final int SYS_GETPPID = 110;
    private static final EventBudget BUDGET = EventBudget.perSecond(100);
    private static final double STORM_SECONDS = 3;

    @BeforeEach
    void bpf() {
        BpfAssumptions.assumeBpf();
    }

    @Test
    void syscallStormSendsAboutTheBudgetAndCountsEveryCall() throws Exception {
        List<SyscallEvent> events = new ArrayList<>();
        try (StormWorker worker = StormWorker.start()) {
            long began = System.nanoTime();
            try (SyscallTracer tracer = SyscallTracer.start(worker.pid(), Duration.ZERO, false, BUDGET, events::add)) {
                long calls = worker.run("getppid", STORM_SECONDS, () -> tracer.poll(Duration.ofMillis(50)));
                drain(() -> tracer.poll(Duration.ofMillis(100)));
                long life = System.nanoTime() - began;
                SyscallCounters c = tracer.counters();
                List<SyscallHistogram> hists = tracer.histograms();

                assertThat(count(hists, SYS_GETPPID)).as("getppid calls in the histograms").isEqualTo(calls);
                assertThat(c.throttled()).as("%s", c).isGreaterThan(calls / 2);
                assertThat(c.dropped() + c.histogramsFull() + c.inflightFull()).as("%s", c).isZero();
                assertThat(c.sent() + c.throttled()).as("every call was sent or throttled: %s", c)
                    .isEqualTo(hists.stream().mapToLong(SyscallHistogram::count).sum());
                assertThat(events).hasSize((int) c.sent());
                assertWithinBudget(c.sent(), life);
                assertThat(events.stream().filter(e -> e.nr() == SYS_GETPPID).count())
                    .as("getppid records streamed during the storm").isGreaterThanOrEqualTo(floor(STORM_SECONDS));
            }
        }
    }

    @Test
    void withoutBudgetNothingIsThrottled() throws Exception {
        List<SyscallEvent> events = new ArrayList<>();
        try (StormWorker worker = StormWorker.start();
             SyscallTracer tracer = SyscallTracer.start(worker.pid(), Duration.ZERO, false, EventBudget.unlimited(),
                 events::add)) {
            long calls = worker.run("getppid", 0.3, () -> tracer.poll(Duration.ofMillis(50)));
            drain(() -> tracer.poll(Duration.ofMillis(100)));
            SyscallCounters c = tracer.counters();
            List<SyscallHistogram> hists = tracer.histograms();
            assertThat(count(hists, SYS_GETPPID)).isEqualTo(calls);
            assertThat(c.throttled()).isZero();
            assertThat(c.sent() + c.dropped()).isEqualTo(hists.stream().mapToLong(SyscallHistogram::count).sum());
            assertThat(events).hasSize((int) c.sent());
        }
    }

    @Test
    void futexStormSendsAboutTheBudgetAndCountsEveryWait() throws Exception {
        List<FutexWaitEvent> waits = new ArrayList<>();
        LockConfig config = LockConfig.defaults().withMinWait(Duration.ZERO).withMonitorProbes(false).withBudget(BUDGET);
        try (StormWorker worker = StormWorker.start()) {
            long began = System.nanoTime();
            try (LockTracer tracer = LockTracer.start(worker.pid(), config, waits::add, m -> { })) {
                long handoffs = worker.run("pingpong", STORM_SECONDS, () -> tracer.poll(Duration.ofMillis(50)));
                drain(() -> tracer.poll(Duration.ofMillis(100)));
                long life = System.nanoTime() - began;
                LockCounters c = tracer.counters();
                List<LockWaitHistogram> hists = tracer.histograms();
                long counted = hists.stream().mapToLong(LockWaitHistogram::count).sum();

                assertThat(handoffs).isGreaterThan(1000);
                assertThat(hists).allSatisfy(h -> assertThat(h.kind()).isEqualTo("futex"));
                assertThat(c.throttled()).as("%s", c).isPositive();
                assertThat(c.dropped() + c.waitsFull() + c.histogramsFull() + c.consumerErrors()).as("%s", c).isZero();
                assertThat(c.futexSent() + c.throttled()).as("every wait was sent or throttled: %s", c).isEqualTo(counted);
                assertThat(waits).hasSize((int) c.futexSent());
                assertWithinBudget(c.futexSent(), life);
                assertThat(c.futexSent()).isGreaterThanOrEqualTo(floor(STORM_SECONDS));
            }
        }
    }

    @Test
    void sleepStormSendsAboutTheBudgetAndCountsEveryInterval() throws Exception {
        List<OffCpuEvent> offCpu = new ArrayList<>();
        List<RunQueueEvent> runQueue = new ArrayList<>();
        SchedConfig config = SchedConfig.defaults().withMinOffCpu(Duration.ZERO).withMinRunQueue(Duration.ZERO)
            .withOffCpuBudget(BUDGET).withRunQueueBudget(BUDGET);
        try (StormWorker worker = StormWorker.start()) {
            long began = System.nanoTime();
            try (SchedTracer tracer = SchedTracer.start(worker.pid(), config, offCpu::add, runQueue::add)) {
                long sleeps = worker.run("sleep", STORM_SECONDS, () -> tracer.poll(Duration.ofMillis(50)));
                drain(() -> tracer.poll(Duration.ofMillis(100)));
                long life = System.nanoTime() - began;
                SchedCounters c = tracer.counters();
                List<OffCpuHistogram> off = tracer.offCpuHistograms();
                List<RunQueueHistogram> runq = tracer.runQueueHistograms();
                List<ThreadSchedStats> stats = tracer.threadStats();

                long sleeping = off.stream().filter(h -> h.tid() == worker.pid() && h.reason() == OffCpuReason.SLEEPING)
                    .mapToLong(OffCpuHistogram::count).sum();
                assertThat(sleeping).as("sleeps of %d in the histogram", sleeps).isBetween(sleeps * 9 / 10, sleeps + 100);
                ThreadSchedStats main = stats.stream().filter(s -> s.tid() == worker.pid()).findFirst().orElseThrow();
                assertThat(off.stream().filter(h -> h.tid() == worker.pid() && h.reason() == OffCpuReason.SLEEPING)
                    .mapToLong(OffCpuHistogram::totalNanos).sum()).as("the histogram's sum is the thread's total")
                    .isEqualTo(main.sleepingNanos());
                assertThat(sleeping).as("every interval began with a switch-out").isLessThanOrEqualTo(main.sleeps());

                assertThat(c.offCpuThrottled()).as("%s", c).isGreaterThan(sleeps / 2);
                assertThat(c.runQueueThrottled()).as("%s", c).isPositive();
                assertThat(c.offCpuDropped() + c.runQueueDropped() + c.threadsFull() + c.consumerErrors()).as("%s", c).isZero();
                assertThat(c.offCpuSent() + c.offCpuThrottled()).as("every interval sent or throttled: %s", c)
                    .isEqualTo(off.stream().mapToLong(OffCpuHistogram::count).sum());
                assertThat(c.runQueueSent() + c.runQueueThrottled()).as("every run-queue wait sent or throttled: %s", c)
                    .isEqualTo(runq.stream().mapToLong(RunQueueHistogram::count).sum());
                assertThat(offCpu).hasSize((int) c.offCpuSent());
                assertThat(runQueue).hasSize((int) c.runQueueSent());
                assertWithinBudget(c.offCpuSent(), life);
                assertWithinBudget(c.runQueueSent(), life);
                assertThat(c.offCpuSent()).isGreaterThanOrEqualTo(floor(STORM_SECONDS));
                assertThat(c.runQueueSent()).isGreaterThanOrEqualTo(floor(STORM_SECONDS));
            }
        }
    }

    @Test
    void sleepStormWithoutBudgetIsNotThrottled() throws Exception {
        SchedConfig config = SchedConfig.defaults().withMinOffCpu(Duration.ZERO).withMinRunQueue(Duration.ZERO);
        try (StormWorker worker = StormWorker.start();
             SchedTracer tracer = SchedTracer.start(worker.pid(), config, e -> { }, e -> { })) {
            long sleeps = worker.run("sleep", 0.5, () -> tracer.poll(Duration.ofMillis(50)));
            drain(() -> tracer.poll(Duration.ofMillis(100)));
            SchedCounters c = tracer.counters();
            assertThat(sleeps).isPositive();
            assertThat(c.offCpuThrottled() + c.runQueueThrottled()).isZero();
            assertThat(c.offCpuSent() + c.offCpuDropped())
                .isEqualTo(tracer.offCpuHistograms().stream().mapToLong(OffCpuHistogram::count).sum());
        }
    }

    /** At most the quota of every window the tracer lived in (one more at each end), plus CPU races. */
    private static void assertWithinBudget(long sent, long lifeNanos) {
        long windows = lifeNanos / EventBudget.WINDOW_NANOS + 2;
        long races = 2L * Runtime.getRuntime().availableProcessors() * windows;
        assertThat(sent).as("records sent in %.2f s under %s", lifeNanos / 1e9, BUDGET)
            .isLessThanOrEqualTo(BUDGET.perWindow() * windows + races);
    }

    /** What a storm of this long surely sends: every full window of it saturated, two spared for the edges. */
    private static long floor(double seconds) {
        long windows = (long) (seconds * 1e9 / EventBudget.WINDOW_NANOS) - 2;
        return BUDGET.perWindow() * windows;
    }

    private static long count(List<SyscallHistogram> hists, int nr) {
        return hists.stream().filter(h -> h.nr() == nr).mapToLong(SyscallHistogram::count).sum();
    }

    /** Polls until a poll finds nothing twice in a row, so the worker, idle now, is fully read. */
    private static void drain(IntSupplier poll) throws InterruptedException {
        Thread.sleep(100);
        int quiet = 0;
        while (quiet < 2) {
            quiet = poll.getAsInt() == 0 ? quiet + 1 : 0;
        }
    }
}
