package dev.hotscope.bpf.threads;

/** Where a {@link ThreadInfo}'s name came from. */
public enum ThreadSource {
    /** The target JVM's {@code Thread.print}, run through {@code jcmd}. */
    JCMD,
    /** The current JVM's {@code Thread.print}, run through the DiagnosticCommand MBean. */
    DIAGNOSTIC_MBEAN,
    /** The kernel's {@code /proc/PID/task/TID/comm} (at most 15 bytes of the name). */
    COMM,
    /** Nothing: the thread is gone or unreadable; the name is {@code [tid N]}. */
    NONE
}
