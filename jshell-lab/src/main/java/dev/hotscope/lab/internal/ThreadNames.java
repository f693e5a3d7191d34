package dev.hotscope.lab.internal;

import dev.hotscope.bpf.threads.ThreadDirectory;
import dev.hotscope.bpf.threads.ThreadInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Names of a process's threads: the Java name where the JVM knows one, else the kernel's comm. */
final class ThreadNames {
    private final ThreadDirectory directory;
    private final Map<Long, String> known = new HashMap<>();

    private ThreadNames(ThreadDirectory directory) {
        this.directory = directory;
    }

    static ThreadNames of(long pid) {
        ThreadDirectory d;
        try {
            d = ThreadDirectory.forProcess(pid);
        } catch (RuntimeException e) {
            d = null; // not a JVM, or gone: comm names still work
        }
        return new ThreadNames(d);
    }

    /** The thread's name; a thread the last snapshot missed asks for a new one, once. */
    String name(long tid) {
        String n = known.get(tid);
        if (n != null) {
            return n;
        }
        ThreadInfo info = lookup(tid);
        if (info == null || !info.isJavaThread()) {
            if (directory != null && refresh()) {
                info = lookup(tid);
            }
        }
        // Remembered either way: a JVM-internal thread would otherwise ask for a new snapshot each event.
        n = info != null && !info.name().isEmpty() ? info.name() : comm(tid);
        known.put(tid, n);
        return n;
    }

    private ThreadInfo lookup(long tid) {
        if (directory == null) {
            return null;
        }
        try {
            return directory.lookup(tid);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private boolean refresh() {
        try {
            return directory.refresh();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String comm(long tid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(tid), "comm")).strip();
        } catch (IOException | RuntimeException e) {
            return "tid " + tid;
        }
    }
}
