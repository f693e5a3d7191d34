package dev.hotscope.lab.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lab operations that wait (take, watch, bpftrace) and how Ctrl-C reaches them: JShell's stop
 * interrupts the threads registered here, so an operation ends at its next poll, closes what it
 * opened and returns what it collected, instead of being killed mid-way by the JDK's own stop.
 */
public final class Cancellation {
    private static final Set<Thread> WAITING = ConcurrentHashMap.newKeySet();

    private Cancellation() {}

    /**
     * Registers the calling thread until the returned scope is closed.
     *
     * @return closing it unregisters the thread and clears an interrupt that arrived meanwhile
     */
    public static Scope enter() {
        Thread t = Thread.currentThread();
        WAITING.add(t);
        return new Scope(t);
    }

    /**
     * Interrupts every registered operation.
     *
     * @return whether there was one
     */
    public static boolean cancelAll() {
        boolean any = false;
        for (Thread t : WAITING) {
            t.interrupt();
            any = true;
        }
        return any;
    }

    /** A registration of one waiting thread. */
    public static final class Scope implements AutoCloseable {
        private final Thread thread;
        private boolean cancelled;

        private Scope(Thread thread) {
            this.thread = thread;
        }

        /** Returns whether Ctrl-C (or an interrupt) asked the operation to end; remembers it. */
        public boolean cancelled() {
            if (Thread.currentThread().isInterrupted()) {
                cancelled = true;
            }
            return cancelled;
        }

        /** Sleeps up to {@code millis}, returning early (and true) when cancelled. */
        public boolean sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                cancelled = true;
            }
            return cancelled();
        }

        @Override
        public void close() {
            WAITING.remove(thread);
            // The interrupt was for this operation only; the next snippet starts clean.
            Thread.interrupted();
        }
    }
}
