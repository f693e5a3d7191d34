package dev.hotscope.bench.overhead;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The processes the runner started; whatever still runs when the runner exits is killed, by its own handle. */
final class Children {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Children::killAll, "bench-children-cleanup"));
    }

    private Children() {}

    /** Tracks a process until {@link #done}. */
    static Process track(Process p) {
        RUNNING.add(p);
        return p;
    }

    static void done(Process p) {
        RUNNING.remove(p);
    }

    private static void killAll() {
        for (Process p : RUNNING) {
            p.destroyForcibly();
        }
    }
}
