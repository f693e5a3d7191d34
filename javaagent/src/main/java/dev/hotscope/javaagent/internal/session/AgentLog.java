package dev.hotscope.javaagent.internal.session;

import java.util.ArrayList;
import java.util.List;

/** The agent's voice on the JVM's stderr: one line each, prefixed {@code hotscope:}, remembered for status. */
public final class AgentLog {
    private static final int KEEP = 64;
    private static final List<String> LINES = new ArrayList<>();

    private AgentLog() {}

    /**
     * Prints one line and keeps it for {@link #recent()}.
     *
     * @param line the message without prefix; not null
     */
    public static void line(String line) {
        String text = "hotscope: " + line.replace('\n', ' ');
        synchronized (LINES) {
            if (LINES.size() == KEEP) {
                LINES.remove(0);
            }
            LINES.add(text);
        }
        System.err.println(text);
    }

    /** The most recent lines, oldest first. */
    public static List<String> recent() {
        synchronized (LINES) {
            return List.copyOf(LINES);
        }
    }

    /** A throwable in one line: its message, or its class when it has none. */
    public static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message.replace('\n', ' ');
    }
}
