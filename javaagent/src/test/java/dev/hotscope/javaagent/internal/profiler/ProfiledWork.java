package dev.hotscope.javaagent.internal.profiler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Work for the profiler to find: each kind on threads of known names, in methods of known names. */
final class ProfiledWork {
    static final String BURNER = "hotscope-test-burner";
    static final String SLEEPER = "hotscope-test-sleeper";
    static final String ALLOCATOR = "hotscope-test-allocator";
    static final String CONTENDER = "hotscope-test-contender-";

    private static volatile Object sink;

    private ProfiledWork() {}

    /** The monitor the contenders fight over; its own class so the events name it. */
    static final class Monitor {}

    static void onThreads(Duration length, String... names) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        Monitor monitor = new Monitor();
        for (String name : names) {
            Runnable work;
            if (name.equals(BURNER)) {
                work = () -> burn(length);
            } else if (name.equals(SLEEPER)) {
                work = () -> sleepAWhile(length);
            } else if (name.equals(ALLOCATOR)) {
                work = () -> allocate(length);
            } else {
                work = () -> contend(monitor, length);
            }
            threads.add(new Thread(work, name));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
    }

    static void burn(Duration length) {
        long end = System.nanoTime() + length.toNanos();
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 31 + i;
            }
        }
        sink = x;
    }

    static void sleepAWhile(Duration length) {
        try {
            Thread.sleep(length.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void allocate(Duration length) {
        long end = System.nanoTime() + length.toNanos();
        while (System.nanoTime() < end) {
            sink = new byte[4096];
        }
    }

    /** Holds the monitor 200 us at a time, so another contender waits for it most of the time. */
    static void contend(Monitor monitor, Duration length) {
        long end = System.nanoTime() + length.toNanos();
        while (System.nanoTime() < end) {
            synchronized (monitor) {
                long held = System.nanoTime() + 200_000;
                while (System.nanoTime() < held) {
                    Thread.onSpinWait();
                }
            }
        }
    }
}
