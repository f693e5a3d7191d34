package dev.hotscope.javaagent.internal.session;

import dev.hotscope.bpf.EventBudget;
import dev.hotscope.bpf.syscalls.InflightCall;
import dev.hotscope.bpf.syscalls.SyscallCounters;
import dev.hotscope.bpf.syscalls.SyscallEvent;
import dev.hotscope.bpf.syscalls.SyscallHistogram;
import dev.hotscope.bpf.syscalls.SyscallTracer;
import dev.hotscope.jfr.events.SyscallLatencyEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code syscall[=MIN]}: slow system calls of Java threads, and per-thread latency histograms. */
final class SyscallFeature implements FeatureSource {
    private final EventContext context;
    private final SyscallTracer tracer;
    private final Histograms histograms;
    private final LostCounter dropped = new LostCounter("syscall", "ring buffer full");
    private final LostCounter mapsFull = new LostCounter("syscall", "in-flight or histogram map full");
    private final LostCounter handler = new LostCounter("syscall", "record handler failed");
    private final LostCounter overBudget;

    SyscallFeature(long pid, Duration min, EventBudget budget, EventContext context) {
        this.context = context;
        this.histograms = new Histograms(context, "syscall");
        this.overBudget = LostCounter.overBudget("syscall", budget, "kernel histograms");
        this.tracer = SyscallTracer.start(pid, min, true, budget, this::onSlowCall);
    }

    @Override
    public String name() {
        return "syscall";
    }

    @Override
    public void poll(Duration timeout) {
        tracer.poll(timeout);
    }

    private void onSlowCall(SyscallEvent call) {
        if (context.ignored(call.tid())) {
            return;
        }
        try {
            commit(call);
        } catch (RuntimeException e) {
            context.recordFailure(name(), e);
            throw e;
        }
    }

    private void commit(SyscallEvent call) {
        SyscallLatencyEvent e = new SyscallLatencyEvent();
        EventContext.Attribution where = context.fill(e, call.tid(), call.startNanos(), call.durationNanos(), call.userStack(), call.kernelStack(), "bpf-dwarf");
        e.syscall = call.name();
        e.latency = call.durationNanos();
        e.result = call.result();
        e.error = call.failed() ? call.errnoName() : "";
        context.commit(e, where);
    }

    @Override
    public List<Waiting> waiting() {
        List<Waiting> waiting = new ArrayList<>();
        for (InflightCall call : tracer.inflight()) {
            waiting.add(new Waiting(call.tid(), call.startNanos()));
        }
        return waiting;
    }

    @Override
    public void report() {
        for (SyscallHistogram h : tracer.histograms()) {
            histograms.update(((long) h.tid() << 16) | h.nr(), h.name(), h.tid(), h.micros(), h.count(),
                h.totalNanos());
        }
        SyscallCounters c = tracer.counters();
        dropped.update(c.dropped(), context);
        mapsFull.update(c.inflightFull() + c.histogramsFull(), context);
        handler.update(c.consumerErrors(), context);
        overBudget.update(c.throttled(), context);
    }

    @Override
    public void close() {
        tracer.close();
    }
}
