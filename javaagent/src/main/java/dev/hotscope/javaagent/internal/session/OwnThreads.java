package dev.hotscope.javaagent.internal.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The kernel ids of the agent's own threads, which never appear in results. */
final class OwnThreads {
    private final Set<Long> tids = ConcurrentHashMap.newKeySet();

    /** Records the calling thread; returns its tid, or -1 if /proc does not say. */
    long registerCurrent() {
        long tid = currentTid();
        if (tid > 0) {
            tids.add(tid);
        }
        return tid;
    }

    boolean contains(long tid) {
        return tids.contains(tid);
    }

    Set<Long> all() {
        return Set.copyOf(tids);
    }

    /** A thread's tid never changes: a span committed on an application thread reads /proc once per thread. */
    private static final ThreadLocal<Long> TID = ThreadLocal.withInitial(OwnThreads::readTid);

    /** The calling thread's kernel id, or -1 if /proc does not say. */
    static long currentTid() {
        return TID.get();
    }

    /** {@code /proc/thread-self} links to {@code PID/task/TID}: gettid without a native call. */
    private static long readTid() {
        try {
            Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return Long.parseLong(link.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
