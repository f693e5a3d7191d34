package dev.hotscope.javaagent.internal.session;

import dev.hotscope.javaagent.internal.AgentOptions;
import java.lang.instrument.Instrumentation;

/** {@code probe=PATTERN}: Byte Buddy wraps matching methods to fire USDT probes and report spans. */
final class MethodProbeFeature {
    private MethodProbeFeature() {}

    /** Installs the probes; returns what removes them, or null when no probe was asked for or possible. */
    static AutoCloseable start(Instrumentation inst, AgentOptions options, EventContext context) {
        if (options.probes().isEmpty()) {
            return null;
        }
        AgentLog.line("probe off: method probes are not built yet");
        return null;
    }
}
