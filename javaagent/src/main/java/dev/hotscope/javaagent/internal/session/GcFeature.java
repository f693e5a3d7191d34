package dev.hotscope.javaagent.internal.session;

import dev.hotscope.bpf.jvm.GcConfig;
import dev.hotscope.bpf.jvm.GcCounters;
import dev.hotscope.bpf.jvm.GcPauseEvent;
import dev.hotscope.bpf.jvm.GcTracer;
import dev.hotscope.bpf.jvm.SafepointEvent;
import java.time.Duration;
import java.util.List;

/** {@code gc}: every GC pause with the CPU its GC threads got and their run-queue delay, and safepoints. */
final class GcFeature implements FeatureSource {
    private final EventContext context;
    private final GcTracer tracer;
    private final LostCounter dropped = new LostCounter("gc", "ring buffer full");
    private final LostCounter threadsFull = new LostCounter("gc", "GC thread map full");
    private final LostCounter handler = new LostCounter("gc", "record handler failed");

    GcFeature(long pid, EventContext context) {
        this.context = context;
        this.tracer = GcTracer.start(pid, GcConfig.defaults(), this::onPause, this::onSafepoint);
        for (String problem : tracer.problems()) {
            AgentLog.line("gc: " + problem);
        }
    }

    @Override
    public String name() {
        return "gc";
    }

    @Override
    public void poll(Duration timeout) {
        tracer.poll(timeout);
    }

    private void onPause(GcPauseEvent pause) {
        try {
            dev.hotscope.jfr.events.GcPauseEvent e = new dev.hotscope.jfr.events.GcPauseEvent();
            e.began = context.epochMillis(pause.startNanos());
            e.pause = pause.durationNanos();
            e.full = pause.full();
            e.gcCpuTime = pause.gcCpuNanos();
            e.gcRunQueueTime = pause.gcRunQueueNanos();
            e.gcThreads = pause.gcThreadsRan();
            long threadTime = pause.gcCpuNanos() + pause.gcRunQueueNanos();
            e.starvation = threadTime == 0 ? 0 : (double) pause.gcRunQueueNanos() / threadTime;
            e.timeToSafepoint = Math.max(0, pause.timeToSafepointNanos());
            e.source = tracer.source().name().toLowerCase(java.util.Locale.ROOT);
            context.commitUnattributed(e, pause.startNanos(), pause.durationNanos());
        } catch (RuntimeException ex) {
            context.recordFailure(name(), ex);
            throw ex;
        }
    }

    private void onSafepoint(SafepointEvent safepoint) {
        try {
            dev.hotscope.jfr.events.SafepointEvent e = new dev.hotscope.jfr.events.SafepointEvent();
            e.began = context.epochMillis(safepoint.startNanos());
            e.total = safepoint.durationNanos();
            e.timeToSafepoint = safepoint.timeToSafepointNanos();
            e.operation = safepoint.operation();
            context.commitUnattributed(e, safepoint.startNanos(), safepoint.durationNanos());
        } catch (RuntimeException ex) {
            context.recordFailure(name(), ex);
            throw ex;
        }
    }

    @Override
    public List<Waiting> waiting() {
        return List.of();
    }

    @Override
    public void report() {
        GcCounters c = tracer.counters();
        dropped.update(c.dropped(), context);
        threadsFull.update(c.threadsFull(), context);
        handler.update(c.consumerErrors(), context);
    }

    @Override
    public void close() {
        tracer.close();
    }
}
