package dev.hotscope.javaagent.internal.session;

import dev.hotscope.bpf.EventBudget;
import dev.hotscope.bpf.sched.OffCpuEvent;
import dev.hotscope.bpf.sched.OffCpuHistogram;
import dev.hotscope.bpf.sched.OffCpuThread;
import dev.hotscope.bpf.sched.RunQueueEvent;
import dev.hotscope.bpf.sched.RunQueueHistogram;
import dev.hotscope.bpf.sched.SchedConfig;
import dev.hotscope.bpf.sched.SchedCounters;
import dev.hotscope.bpf.sched.SchedTracer;
import dev.hotscope.javaagent.internal.Durations;
import dev.hotscope.jfr.events.RunQueueLatencyEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code offcpu[=MIN]} and {@code runq[=MIN]}: one scheduler tracer serves both; a feature not asked
 * for gets a threshold no interval reaches, so it sends nothing.
 */
final class SchedFeature implements FeatureSource {
    /** A threshold no interval reaches: the feature is off. */
    static final Duration OFF = Duration.ofDays(1);

    private final EventContext context;
    private final SchedTracer tracer;
    private final String name;
    private final Duration minOffCpu;
    private final boolean runQueueOn;
    private final Duration minRunQueue;
    private final Histograms histograms;
    private final OffCpuProfile profile = new OffCpuProfile();
    private final LostCounter offCpuDropped = new LostCounter("offcpu", "ring buffer full");
    private final LostCounter runQueueDropped = new LostCounter("runq", "ring buffer full");
    private final LostCounter threadsFull = new LostCounter("offcpu", "thread map full");
    private final LostCounter handler = new LostCounter("offcpu", "record handler failed");
    private final LostCounter offCpuOverBudget;
    private final LostCounter runQueueOverBudget;
    private final Histograms offCpuHistograms;

    SchedFeature(long pid, Duration minOffCpu, Duration minRunQueue, EventBudget budget, EventContext context,
                 Set<Long> ownThreads) {
        this.context = context;
        this.histograms = new Histograms(context, "runq");
        this.offCpuHistograms = new Histograms(context, "offcpu");
        this.offCpuOverBudget = LostCounter.overBudget("offcpu", budget, "kernel histograms and totals");
        this.runQueueOverBudget = LostCounter.overBudget("runq", budget, "kernel histograms");
        this.minOffCpu = minOffCpu;
        this.runQueueOn = minRunQueue != null;
        this.minRunQueue = minRunQueue;
        this.name = minOffCpu == null ? "runq" : runQueueOn ? "offcpu+runq" : "offcpu";
        SchedConfig config = SchedConfig.defaults()
            .withMinOffCpu(minOffCpu == null ? OFF : minOffCpu)
            .withMinRunQueue(runQueueOn ? minRunQueue : OFF)
            .withOffCpuBudget(budget)
            .withRunQueueBudget(budget);
        this.tracer = SchedTracer.start(pid, config, this::onOffCpu, this::onRunQueue);
        tracer.ignoreThreads(ownThreads);
    }

    @Override
    public String name() {
        return name;
    }

    /** Both thresholds: one tracer serves two options. */
    @Override
    public String describe(Duration min) {
        StringBuilder s = new StringBuilder();
        if (minOffCpu != null) {
            s.append("offcpu>=").append(Durations.format(minOffCpu.toNanos()).replace(" ", ""));
        }
        if (runQueueOn) {
            s.append(s.length() == 0 ? "" : " ").append("runq>=").append(Durations.format(minRunQueue.toNanos()).replace(" ", ""));
        }
        return s.toString();
    }

    @Override
    public void poll(Duration timeout) {
        tracer.poll(timeout);
    }

    private void onOffCpu(OffCpuEvent off) {
        if (context.ignored(off.tid())) {
            return;
        }
        try {
            dev.hotscope.jfr.events.OffCpuEvent e = new dev.hotscope.jfr.events.OffCpuEvent();
            EventContext.Attribution where = context.fill(e, off.tid(), off.startNanos(), off.durationNanos(), off.userStack(), off.kernelStack(), "bpf-fp");
            e.reason = off.reason().name().toLowerCase(Locale.ROOT);
            e.offCpu = off.durationNanos();
            e.runQueueDelay = Math.max(0, off.runQueueNanos());
            e.wakerOsThreadId = off.wakerTid();
            profile.add(e.reason, e.stack, e.threadName, e.offCpu);
            e.wakerName = off.wakerTid() <= 0 ? ""
                : off.wakerPid() == ProcessHandle.current().pid() ? context.threadName(off.wakerTid())
                : "pid " + off.wakerPid() + " tid " + off.wakerTid();
            context.commit(e, where);
        } catch (RuntimeException ex) {
            context.recordFailure("offcpu", ex);
            throw ex;
        }
    }

    private void onRunQueue(RunQueueEvent wait) {
        if (context.ignored(wait.tid())) {
            return;
        }
        try {
            RunQueueLatencyEvent e = new RunQueueLatencyEvent();
            EventContext.Attribution where = context.fill(e, wait.tid(), wait.startNanos(), wait.durationNanos(), null, null, "none");
            e.latency = wait.durationNanos();
            e.cause = wait.cause().name().toLowerCase(Locale.ROOT);
            e.cpu = wait.cpu();
            context.commit(e, where);
        } catch (RuntimeException ex) {
            context.recordFailure("runq", ex);
            throw ex;
        }
    }

    @Override
    public List<Waiting> waiting() {
        if (minOffCpu == null) {
            return List.of();
        }
        List<Waiting> waiting = new ArrayList<>();
        for (OffCpuThread t : tracer.offCpuNow()) {
            waiting.add(new Waiting(t.tid(), t.sinceNanos()));
        }
        return waiting;
    }

    @Override
    public void report() {
        if (runQueueOn) {
            for (RunQueueHistogram h : tracer.runQueueHistograms()) {
                histograms.update(h.tid(), "", h.tid(), h.micros(), h.count(), h.totalNanos());
            }
        }
        if (minOffCpu != null) {
            for (OffCpuHistogram h : tracer.offCpuHistograms()) {
                String reason = h.reason().name().toLowerCase(Locale.ROOT);
                offCpuHistograms.update(h.tid() * 4 + h.reason().ordinal(), "", reason, h.tid(), h.micros(), h.count(),
                    h.totalNanos());
            }
        }
        profile.commit();
        SchedCounters c = tracer.counters();
        offCpuDropped.update(c.offCpuDropped(), context);
        runQueueDropped.update(c.runQueueDropped(), context);
        threadsFull.update(c.threadsFull(), context);
        handler.update(c.consumerErrors(), context);
        if (minOffCpu != null) {
            offCpuOverBudget.update(c.offCpuThrottled(), context);
        }
        if (runQueueOn) {
            runQueueOverBudget.update(c.runQueueThrottled(), context);
        }
    }

    @Override
    public void close() {
        tracer.close();
    }
}
