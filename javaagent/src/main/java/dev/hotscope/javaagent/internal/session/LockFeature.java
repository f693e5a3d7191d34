package dev.hotscope.javaagent.internal.session;

import dev.hotscope.bpf.EventBudget;
import dev.hotscope.bpf.locks.FutexWaitEvent;
import dev.hotscope.bpf.locks.InflightWait;
import dev.hotscope.bpf.locks.LockConfig;
import dev.hotscope.bpf.locks.LockCounters;
import dev.hotscope.bpf.locks.LockTracer;
import dev.hotscope.bpf.locks.LockWaitHistogram;
import dev.hotscope.bpf.locks.MonitorWaitEvent;
import dev.hotscope.jfr.events.LockWaitEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lock[=MIN]}: futex waits with the waker and the run-queue delay after the wake-up, and
 * contended monitors from HotSpot's probes when the JVM runs with {@code -XX:+DTraceMonitorProbes};
 * every wait, however short, in per-thread histograms.
 */
final class LockFeature implements FeatureSource {
    private final EventContext context;
    private final LockTracer tracer;
    private final LostCounter dropped = new LostCounter("lock", "ring buffer full");
    private final LostCounter mapsFull = new LostCounter("lock", "wait or monitor map full");
    private final LostCounter handler = new LostCounter("lock", "record handler failed");
    private final LostCounter histogramsFull = new LostCounter("lock", "histogram map full");
    private final LostCounter overBudget;
    private final Histograms histograms;

    LockFeature(long pid, Duration min, EventBudget budget, EventContext context, java.util.Set<Long> ownThreads) {
        this.context = context;
        this.histograms = new Histograms(context, "lock");
        this.overBudget = LostCounter.overBudget("lock", budget, "kernel histograms");
        this.tracer = LockTracer.start(pid, LockConfig.defaults().withMinWait(min).withBudget(budget),
            this::onFutexWait, this::onMonitorWait);
        tracer.ignoreThreads(ownThreads);
        tracer.problem().ifPresent(p -> AgentLog.line("lock: " + p));
    }

    @Override
    public String name() {
        return "lock";
    }

    @Override
    public void poll(Duration timeout) {
        tracer.poll(timeout);
    }

    private void onFutexWait(FutexWaitEvent wait) {
        if (context.ignored(wait.tid())) {
            return;
        }
        try {
            LockWaitEvent e = new LockWaitEvent();
            EventContext.Attribution where = context.fill(e, wait.tid(), wait.startNanos(), wait.durationNanos(), wait.userStack(), null, "bpf-dwarf");
            e.kind = "futex";
            e.wait = wait.durationNanos();
            e.runQueueDelay = Math.max(0, wait.runQueueNanos());
            e.address = wait.uaddr();
            e.monitorClass = "";
            e.wakerOsThreadId = wait.wakerTid();
            e.waker = wait.wakerInProcess() ? context.javaThread(wait.wakerTid()) : null;
            e.wakerName = wait.wakerTid() == 0 ? (wait.wokenByTimer() ? "(timer)" : "")
                : wait.wakerInProcess() ? context.threadName(wait.wakerTid()) : wait.wakerName();
            e.error = wait.failed() ? wait.errnoName() : "";
            context.commit(e, where);
        } catch (RuntimeException ex) {
            context.recordFailure(name(), ex);
            throw ex;
        }
    }

    private void onMonitorWait(MonitorWaitEvent wait) {
        if (context.ignored(wait.tid())) {
            return;
        }
        try {
            LockWaitEvent e = new LockWaitEvent();
            EventContext.Attribution where = context.fill(e, wait.tid(), wait.startNanos(), wait.durationNanos(), null, null, "none");
            e.kind = "monitor";
            e.wait = wait.durationNanos();
            e.address = wait.monitorAddress();
            e.monitorClass = wait.className();
            e.wakerName = "";
            e.error = "";
            context.commit(e, where);
        } catch (RuntimeException ex) {
            context.recordFailure(name(), ex);
            throw ex;
        }
    }

    @Override
    public List<Waiting> waiting() {
        List<Waiting> waiting = new ArrayList<>();
        for (InflightWait w : tracer.waitsNow()) {
            waiting.add(new Waiting(w.tid(), w.startNanos()));
        }
        return waiting;
    }

    @Override
    public void report() {
        for (LockWaitHistogram h : tracer.histograms()) {
            histograms.update(((long) h.tid() << 1) | (h.monitor() ? 1 : 0), "", h.kind(), h.tid(), h.micros(),
                h.count(), h.totalNanos());
        }
        LockCounters c = tracer.counters();
        dropped.update(c.dropped(), context);
        mapsFull.update(c.waitsFull() + c.monitorsFull(), context);
        handler.update(c.consumerErrors(), context);
        histogramsFull.update(c.histogramsFull(), context);
        overBudget.update(c.throttled(), context);
    }

    @Override
    public void close() {
        tracer.close();
    }
}
