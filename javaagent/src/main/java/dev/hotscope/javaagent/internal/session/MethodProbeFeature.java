package dev.hotscope.javaagent.internal.session;

import dev.hotscope.javaagent.internal.AgentOptions;
import dev.hotscope.javaagent.internal.Durations;
import dev.hotscope.javaagent.internal.methods.MethodPattern;
import dev.hotscope.javaagent.internal.methods.MethodProbes;
import dev.hotscope.jfr.events.MethodSpanEvent;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code probe=PATTERN}: Byte Buddy wraps matching methods to fire {@code hotscope:method__entry}
 * and {@code method__return}; calls of at least {@code span=} become {@code hotscope.MethodSpan}
 * events, committed on the calling thread (so JFR records that thread and its stack); kernel
 * events are attributed to the innermost probed method running on their thread.
 */
final class MethodProbeFeature {
    private MethodProbeFeature() {}

    /** Installs the probes; returns what removes them, or null when none was asked for or possible. */
    static MethodProbes start(Instrumentation inst, AgentOptions options, EventContext context,
                              StatusSink status) {
        if (options.probes().isEmpty()) {
            return null;
        }
        List<MethodPattern> patterns = new ArrayList<>();
        options.probes().forEach(p -> patterns.add(MethodPattern.parse(p)));
        MethodProbes probes;
        try {
            probes = MethodProbes.install(inst, patterns, (id, method, start, end) -> commitSpan(context, method,
                start, end), options.span());
        } catch (RuntimeException e) {
            String why = AgentLog.describe(e);
            AgentLog.line("probe off: " + why);
            status.status("probe", "off", why);
            return null;
        }
        probes.timeline().setRecording(true);
        context.probedMethods((thread, nanos) -> probes.timeline().innermostAt(thread, nanos));
        for (MethodPattern unmatched : probes.unmatchedPatterns()) {
            AgentLog.line("probe=" + unmatched + " matches no loaded method yet; classes loaded later are probed");
        }
        status.status("probe", "on", probes.probedMethods() + " methods, spans >= "
            + Durations.format(options.span().toNanos()) + ", USDT provider " + probes.providerPath());
        return probes;
    }

    private static void commitSpan(EventContext context, String method, long start, long end) {
        MethodSpanEvent e = new MethodSpanEvent();
        if (!e.isEnabled()) {
            return;
        }
        Thread current = Thread.currentThread();
        e.javaThread = current;
        e.threadName = current.getName();
        e.osThreadId = OwnThreads.currentTid();
        e.began = context.epochMillis(start);
        e.method = method;
        e.span = end - start;
        e.stackSource = "none";
        e.commit();
    }

    /** Where a feature's state goes: {@code hotscope.AgentStatus}. */
    interface StatusSink {
        void status(String feature, String state, String message);
    }
}
