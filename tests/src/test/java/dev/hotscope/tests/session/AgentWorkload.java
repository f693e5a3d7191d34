package dev.hotscope.tests.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The target JVM of the agent tests: {@code AgentWorkload SECONDS SCENARIO...} runs the scenarios
 * side by side for that long, prints {@code READY pid} once they run, and exits. With SECONDS 0 it
 * runs until stdin closes. Scenarios: sync, reentrant, gc, runq, sleep, idle.
 */
public final class AgentWorkload {
    private static final Object MONITOR = new Object();
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static volatile boolean running = true;
    static volatile Object sink;

    private AgentWorkload() {}

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            threads.addAll(scenario(args[i]));
        }
        threads.forEach(Thread::start);
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        if (seconds > 0) {
            Thread.sleep(seconds * 1000);
        } else {
            while (System.in.read() >= 0) {
                // run until the test closes stdin
            }
        }
        running = false;
        for (Thread t : threads) {
            t.join(2000);
        }
        System.out.println("DONE");
    }

    private static List<Thread> scenario(String name) {
        switch (name) {
            case "sync": return List.of(thread("sync-holder", AgentWorkload::holdSynchronized),
                thread("sync-waiter", AgentWorkload::contendSynchronized));
            case "reentrant": return List.of(thread("rl-holder", AgentWorkload::holdReentrant),
                thread("rl-waiter", AgentWorkload::contendReentrant));
            case "gc": return List.of(thread("allocator", AgentWorkload::churn));
            case "runq": return spinners(Runtime.getRuntime().availableProcessors() * 3);
            case "sleep": return List.of(thread("sleeper", AgentWorkload::sleepLoop));
            case "idle": return List.of();
            default: throw new IllegalArgumentException("unknown scenario " + name);
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    static void holdSynchronized() {
        while (running) {
            synchronized (MONITOR) {
                pause(60);
            }
            pause(5);
        }
    }

    static void contendSynchronized() {
        while (running) {
            synchronized (MONITOR) {
                sink = new Object();
            }
            pause(1);
        }
    }

    static void holdReentrant() {
        while (running) {
            LOCK.lock();
            try {
                pause(60);
            } finally {
                LOCK.unlock();
            }
            pause(5);
        }
    }

    static void contendReentrant() {
        while (running) {
            LOCK.lock();
            try {
                sink = new Object();
            } finally {
                LOCK.unlock();
            }
            pause(1);
        }
    }

    static void churn() {
        int n = 0;
        while (running) {
            byte[][] keep = new byte[256][];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = new byte[16 * 1024];
            }
            sink = keep;
            if (++n % 50 == 0) {
                System.gc();
            }
        }
    }

    private static List<Thread> spinners(int n) {
        List<Thread> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add(thread("spinner-" + i, AgentWorkload::spin));
        }
        return list;
    }

    static void spin() {
        long x = 0;
        while (running) {
            x += System.nanoTime() & 7;
        }
        sink = x;
    }

    static void sleepLoop() {
        while (running) {
            pause(50);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
