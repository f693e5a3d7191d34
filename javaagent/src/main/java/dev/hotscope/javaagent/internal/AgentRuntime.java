package dev.hotscope.javaagent.internal;

import dev.hotscope.javaagent.internal.session.AgentLog;
import dev.hotscope.javaagent.internal.session.AgentSession;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's entry point inside its own class loader; the boot classes call {@link #launch}
 * reflectively. Starting returns at once from premain (the session runs on its own thread); from
 * agentmain it waits briefly for the features to attach so {@code bin/hotscope attach} can say
 * what runs. The outcome of every launch is published in the system property
 * {@value #STATUS_PROPERTY}, which the command line reads through the Attach API.
 */
public final class AgentRuntime {
    /** {@code SEQ TEXT}: the outcome of the latest launch or the state of the session. */
    public static final String STATUS_PROPERTY = "hotscope.agent.status";
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(10);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Object LOCK = new Object();
    private static AgentSession session;
    private static Thread exitHook;

    private AgentRuntime() {}

    /**
     * Starts, stops or reports on the agent; never throws.
     *
     * @param options the agent options as given after {@code =}, or {@code detach} or
     *     {@code status}; may be null or empty (all defaults)
     * @param inst the JVM's instrumentation, not null
     * @param attached true when loaded into a running JVM (agentmain), false from premain
     */
    public static void launch(String options, Instrumentation inst, boolean attached) {
        try {
            String command = options == null ? "" : options.trim().toLowerCase(Locale.ROOT);
            switch (command) {
                case "detach":
                case "stop":
                    detach();
                    break;
                case "status":
                    publish(currentStatus());
                    break;
                default:
                    start(options, inst, attached);
            }
        } catch (Throwable t) {
            AgentLog.line("agent failed: " + AgentLog.describe(t) + "; the application runs on untraced");
            publish("error: " + AgentLog.describe(t));
        }
    }

    private static void start(String text, Instrumentation inst, boolean attached) throws InterruptedException {
        AgentOptions options;
        try {
            options = AgentOptions.parse(text);
        } catch (IllegalArgumentException e) {
            AgentLog.line("agent not started: " + e.getMessage());
            publish("error: " + e.getMessage());
            return;
        }
        AgentSession started;
        synchronized (LOCK) {
            if (session != null && !session.isFinished()) {
                String line = "already running (" + session.status() + "); detach first";
                AgentLog.line("not started again: " + line);
                publish("error: " + line);
                return;
            }
            session = AgentSession.start(options, inst, AgentRuntime::publish);
            started = session;
            installExitHook();
        }
        if (attached) {
            started.awaitStarted(ATTACH_WAIT);
        }
        publish(started.status());
    }

    private static void detach() {
        AgentSession ending;
        synchronized (LOCK) {
            ending = session;
            removeExitHook();
        }
        if (ending == null || ending.isFinished()) {
            publish("error: not running" + (ending == null ? "" : " (last session " + ending.status() + ")"));
            return;
        }
        boolean clean = ending.stop("detached", STOP_WAIT);
        publish(clean ? "detached: " + ending.status()
            : "error: still stopping after " + STOP_WAIT.toSeconds() + " s: " + ending.status());
    }

    private static String currentStatus() {
        synchronized (LOCK) {
            return session == null ? "not running" : session.status();
        }
    }

    private static void installExitHook() {
        if (exitHook != null) {
            return;
        }
        exitHook = new Thread(() -> {
            AgentSession s = session;
            if (s != null) {
                // Long enough for JFR's own hook to write its part and for hotscope's chunk to follow.
                s.stop(AgentSession.EXIT, Duration.ofSeconds(20));
            }
        }, "hotscope-exit");
        Runtime.getRuntime().addShutdownHook(exitHook);
    }

    private static void removeExitHook() {
        if (exitHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs anyway
        }
        exitHook = null;
    }

    private static void publish(String status) {
        System.setProperty(STATUS_PROPERTY, SEQUENCE.incrementAndGet() + " " + status);
    }
}
