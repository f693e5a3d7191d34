package dev.hotscope.javaagent.internal;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry point inside its own class loader; the boot classes call {@link #launch}
 * reflectively. Work is done on a daemon thread so premain/agentmain return at once.
 */
public final class AgentRuntime {
    private AgentRuntime() {}

    /**
     * Starts, stops or reports on the agent; never throws.
     *
     * @param options the agent options as given after {@code =}, may be null or empty
     * @param inst the JVM's instrumentation, not null
     * @param attached true when loaded into a running JVM (agentmain), false from premain
     */
    public static void launch(String options, Instrumentation inst, boolean attached) {
        // filled in by the agent orchestration
    }
}
