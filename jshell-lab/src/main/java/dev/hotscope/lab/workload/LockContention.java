package dev.hotscope.lab.workload;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Threads fighting over locks: {@code monitor-1..3} over one {@code synchronized} monitor,
 * {@code reentrant-1..3} over one {@link ReentrantLock}. The holder works and sleeps a little
 * inside, so the others wait on futexes and whoever leaves the lock wakes the next.
 */
final class LockContention {
    private static final int THREADS_PER_LOCK = 3;
    private static final Object MONITOR = new Object();
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static volatile long sink;

    private LockContention() {
    }

    static int start() {
        for (int i = 1; i <= THREADS_PER_LOCK; i++) {
            WorkloadMain.startThread("monitor-" + i, LockContention::underMonitor);
            WorkloadMain.startThread("reentrant-" + i, LockContention::underReentrantLock);
        }
        return 0;
    }

    private static void underMonitor() throws InterruptedException {
        synchronized (MONITOR) {
            holdBriefly();
        }
        Thread.sleep(1);
    }

    private static void underReentrantLock() throws InterruptedException {
        LOCK.lock();
        try {
            holdBriefly();
        } finally {
            LOCK.unlock();
        }
        Thread.sleep(1);
    }

    /** About 2 ms inside the lock: a little computing and a short sleep. */
    private static void holdBriefly() throws InterruptedException {
        long x = sink;
        for (int i = 0; i < 50_000; i++) {
            x = x * 31 + i;
        }
        sink = x;
        Thread.sleep(2);
    }
}
