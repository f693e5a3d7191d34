package dev.hotscope.jfr.writer;

import java.util.Objects;

/**
 * A thread as JFR writes it in {@code eventThread}: JMC tells threads apart by the OS thread id, so an
 * event written with the same id as the JDK's events of that thread lands on the same lane.
 *
 * @param javaThreadId {@code Thread.getId()}, or 0 for a thread with no Java object (GC workers, compilers)
 * @param osThreadId the kernel's thread id
 * @param javaName the Java name, or null for a thread with no Java object
 * @param osName the name the kernel knows (or the Java name); not null
 */
public record ThreadIdentity(long javaThreadId, long osThreadId, String javaName, String osName) {
    /**
     * Checks the OS name.
     *
     * @throws NullPointerException if osName is null
     */
    public ThreadIdentity {
        Objects.requireNonNull(osName, "osName");
    }

    /**
     * The identity of a thread of this JVM, or of a JVM-internal thread when {@code thread} is null.
     *
     * @param thread the Java thread, or null
     * @param osThreadId the kernel's id of the thread
     * @param name the thread's name; null means the Java name, or "" when thread is null too
     * @return the identity; never null
     */
    @SuppressWarnings("deprecation") // getId(): threadId() exists on 19+ only and is the same
    public static ThreadIdentity of(Thread thread, long osThreadId, String name) {
        if (thread == null) {
            return new ThreadIdentity(0, osThreadId, null, name == null ? "" : name);
        }
        String javaName = thread.getName();
        return new ThreadIdentity(thread.getId(), osThreadId, javaName, name == null ? javaName : name);
    }
}
