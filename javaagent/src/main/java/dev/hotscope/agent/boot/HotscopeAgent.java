package dev.hotscope.agent.boot;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The agent entry of {@code hotscope.jar}: {@code -javaagent:hotscope.jar[=OPTIONS]} calls
 * {@link #premain}, a dynamic attach calls {@link #agentmain}. Both hand over to
 * {@code dev.hotscope.javaagent.internal.AgentRuntime.launch} inside an {@link AgentClassLoader}
 * made once per JVM; every later call, a second attach included, reaches the same runtime, which
 * decides what it means. A failure prints one line to stderr and the application goes on.
 */
public final class HotscopeAgent {
    private static final String RUNTIME = "dev.hotscope.javaagent.internal.AgentRuntime";

    /** {@code AgentRuntime.launch}; null until the loader and the runtime class are ready. */
    private static Method launch; // guarded by HotscopeAgent.class

    private HotscopeAgent() {}

    /**
     * Called by the JVM before the application's main for {@code -javaagent}; never throws.
     *
     * @param options the text after {@code =}, or null
     * @param inst the JVM's instrumentation; not null
     */
    public static void premain(String options, Instrumentation inst) {
        start(options, inst, false);
    }

    /**
     * Called by the JVM when the agent is loaded into a running JVM; never throws.
     *
     * @param options the text given to the attach, or null
     * @param inst the JVM's instrumentation; not null
     */
    public static void agentmain(String options, Instrumentation inst) {
        start(options, inst, true);
    }

    /** Calls are serialized: the runtime never sees two launches at once. */
    private static synchronized void start(String options, Instrumentation inst, boolean attached) {
        Thread thread = Thread.currentThread();
        ClassLoader appContext = thread.getContextClassLoader();
        try {
            if (launch == null) {
                launch = loadRuntime(thread);
            }
            // Libraries that look up through the context loader (jffi, BpfObject) must find ours.
            thread.setContextClassLoader(launch.getDeclaringClass().getClassLoader());
            launch.invoke(null, options, inst, attached);
        } catch (Throwable t) {
            System.err.println("hotscope: agent not started: " + reason(t));
        } finally {
            thread.setContextClassLoader(appContext);
        }
    }

    /** Makes the loader and initializes the runtime class in it, once per JVM unless it fails. */
    private static Method loadRuntime(Thread thread) throws Exception {
        AgentClassLoader loader = AgentClassLoader.forJarOf(HotscopeAgent.class);
        try {
            thread.setContextClassLoader(loader);
            return Class.forName(RUNTIME, true, loader)
                .getMethod("launch", String.class, Instrumentation.class, boolean.class);
        } catch (Throwable t) {
            // Nothing of this loader is kept; a later attach starts afresh.
            try {
                loader.close();
            } catch (IOException e) {
                t.addSuppressed(e);
            }
            throw t;
        }
    }

    /** The failure that matters, on one line: reflection and class initialization only wrap it. */
    private static String reason(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof InvocationTargetException || cause instanceof ExceptionInInitializerError)
            && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause).replaceAll("\\s*\\R\\s*", " ");
    }
}
