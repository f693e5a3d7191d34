package dev.hotscope.agent.boot;

import java.lang.reflect.InvocationTargetException;

/**
 * The command line entry of {@code hotscope.jar} ({@code java -jar hotscope.jar ...}): runs
 * {@code dev.hotscope.javaagent.cli.HotscopeCli.main} inside an {@link AgentClassLoader}.
 */
public final class HotscopeMain {
    private static final String CLI = "dev.hotscope.javaagent.cli.HotscopeCli";

    private HotscopeMain() {}

    /**
     * Runs the command line; it exits the JVM with its own status.
     *
     * @param args the command line arguments; not null
     * @throws Throwable whatever the command line throws, unwrapped, as if it were the main class
     */
    public static void main(String[] args) throws Throwable {
        // Never closed: the command's threads may load classes until the JVM exits.
        AgentClassLoader loader = AgentClassLoader.forJarOf(HotscopeMain.class);
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class.forName(CLI, true, loader).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
