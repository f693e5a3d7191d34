package dev.hotscope.bpf.threads;

import java.util.Objects;

/**
 * What is known about one OS thread of a traced process.
 *
 * @param tid the OS thread id (the kernel's pid of the thread, as BPF reports it)
 * @param name the thread's name; never null
 * @param javaThreadId the Java thread id ({@code Thread.getId()}, {@code #N} in a thread dump), or -1
 *     for threads the JVM does not list with one (GC, VM and compiler-internal threads on some JDKs,
 *     threads of non-Java processes)
 * @param daemon whether the JVM reports the thread as a daemon thread; false if unknown
 * @param isJavaThread whether the thread dump lists it with a Java thread id
 * @param source where the name came from; never null
 */
public record ThreadInfo(long tid, String name, long javaThreadId, boolean daemon, boolean isJavaThread,
                         ThreadSource source) {
    /**
     * Checks the arguments.
     *
     * @throws NullPointerException if {@code name} or {@code source} is null
     */
    public ThreadInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }
}
