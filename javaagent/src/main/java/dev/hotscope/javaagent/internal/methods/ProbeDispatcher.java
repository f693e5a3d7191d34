package dev.hotscope.javaagent.internal.methods;

import dev.hotscope.agent.bootstrap.MethodProbeBridge;
import dev.hotscope.agent.bootstrap.MethodProbeHandler;
import dev.hotscope.usdt.Probe;

/**
 * What every probed call does: the USDT probes when a tracer raised their semaphores, the timeline
 * when it records, the listener for long calls. A call nobody watches costs its two semaphore
 * reads and a few field reads; one somebody times costs a {@link System#nanoTime()} at each end.
 *
 * <p>This is the only class of the package that implements or passes the bootstrap bridge's types, and it is
 * loaded only after {@link BootstrapBridge} put them in the bootstrap class loader: loading or
 * verifying it earlier would make the agent's loader look them up too soon (and in unit tests,
 * define a second copy from the class path).
 */
final class ProbeDispatcher implements MethodProbeHandler {
    private final Probe entryProbe;
    private final Probe returnProbe;
    private final MethodRegistry registry;
    private final MethodTimeline timeline;
    private final MethodSpanListener listener;
    private final long spanThresholdNanos;

    ProbeDispatcher(Probe entry, Probe exit, MethodRegistry registry, MethodTimeline timeline,
                    MethodSpanListener listener, long spanThresholdNanos) {
        this.entryProbe = entry;
        this.returnProbe = exit;
        this.registry = registry;
        this.timeline = timeline;
        this.listener = listener;
        this.spanThresholdNanos = spanThresholdNanos;
    }

    /** Plugs this dispatcher into the bridge; false if another one is plugged in. */
    boolean activate() {
        return MethodProbeBridge.install(this);
    }

    /** Unplugs it: probed calls from now on do nothing. */
    void deactivate() {
        MethodProbeBridge.uninstall(this);
    }

    @Override
    public long enter(int id) {
        if (entryProbe.isEnabled()) {
            entryProbe.fire(id, registry.name(id));
        }
        // Nobody wants this call's duration: no clock read, and exit() then does nothing either.
        if (listener == null && !returnProbe.isEnabled() && !timeline.isRecording()) {
            return 0L;
        }
        long now = System.nanoTime();
        if (timeline.isRecording()) {
            timeline.push(id, now);
        }
        return now;
    }

    @Override
    public void exit(int id, long start) {
        // 0: nobody wanted the duration at entry, the call began before this dispatcher was plugged
        // in, or its entry advice failed.
        if (start == 0L) {
            return;
        }
        long now = System.nanoTime();
        long duration = now - start;
        if (returnProbe.isEnabled()) {
            returnProbe.fire(id, duration);
        }
        if (timeline.isRecording()) {
            timeline.pop(id, start, now);
        }
        if (listener != null && duration >= spanThresholdNanos) {
            listener.onSpan(id, registry.name(id), start, now);
        }
    }
}
