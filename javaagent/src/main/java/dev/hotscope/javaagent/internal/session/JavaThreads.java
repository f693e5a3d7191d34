package dev.hotscope.javaagent.internal.session;

import dev.hotscope.bpf.threads.ThreadDirectory;
import dev.hotscope.bpf.threads.ThreadInfo;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * Kernel thread ids of this JVM to their names and Java {@link Thread} objects. Names come from the
 * JVM's thread dump (so threads that existed before the agent are known), refreshed at most once a
 * second when an unknown tid shows up; {@code Thread} objects from the thread groups, by Java id.
 * Only the agent's thread uses it.
 */
final class JavaThreads {
    private final ThreadDirectory directory;
    private final Map<Long, WeakReference<Thread>> byJavaId = new HashMap<>();
    private long generation;

    JavaThreads() {
        this.directory = ThreadDirectory.forProcess(ProcessHandle.current().pid());
    }

    /** The thread's info; a tid the last snapshot did not list triggers a (rate-limited) refresh. */
    ThreadInfo info(long tid) {
        ThreadInfo info = directory.lookup(tid);
        if (!info.isJavaThread() && refreshed()) {
            info = directory.lookup(tid);
        }
        return info;
    }

    /** The Java thread with that tid, or null (JVM-internal thread, or gone). */
    Thread thread(long tid) {
        ThreadInfo info = info(tid);
        return info.javaThreadId() < 0 ? null : byJavaId(info.javaThreadId());
    }

    String name(long tid) {
        return tid <= 0 ? "" : info(tid).name();
    }

    private boolean refreshed() {
        try {
            boolean fresh = directory.refresh();
            if (fresh) {
                generation++;
            }
            return fresh;
        } catch (RuntimeException e) {
            return false; // the dump failed: keep the names known so far
        }
    }

    /** How many thread dumps were taken: a tid missing from a dump taken after its event is no Java thread. */
    long generation() {
        return generation;
    }

    /** Takes a new dump if the last is old enough; for events waiting on threads born since. */
    void refreshIfDue() {
        refreshed();
    }

    private Thread byJavaId(long javaId) {
        WeakReference<Thread> ref = byJavaId.get(javaId);
        Thread thread = ref == null ? null : ref.get();
        if (thread == null) {
            reindex();
            ref = byJavaId.get(javaId);
            thread = ref == null ? null : ref.get();
        }
        return thread;
    }

    /** Thread groups enumerate live platform threads without taking their stacks. */
    @SuppressWarnings("deprecation") // Thread.getId(): getId() is final and the same as threadId() on 19+
    private void reindex() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        // Threads that ended stay while their objects live: records about them still arrive.
        byJavaId.values().removeIf(ref -> ref.get() == null);
        for (int i = 0; i < n; i++) {
            byJavaId.put(threads[i].getId(), new WeakReference<>(threads[i]));
        }
    }
}
