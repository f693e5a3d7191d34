package dev.hotscope.tests.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The target JVM of the agent tests: {@code AgentWorkload SECONDS SCENARIO...} runs the scenarios
 * side by side for that long, prints {@code READY pid} once they run, and exits. With SECONDS 0 it
 * runs until stdin closes. Scenarios: sync, reentrant, gc, runq, sleep, storm, idle. {@code storm}
 * is an event storm: a thread yielding in a loop (a sched_yield syscall each) and two threads handing
 * an item back and forth (futex waits, off-CPU intervals and run-queue waits by the thousand).
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
            case "storm": return List.of(thread("yielder", AgentWorkload::yieldLoop),
                thread("handoff-put", () -> handOff(true)), thread("handoff-take", () -> handOff(false)));
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

    static void yieldLoop() {
        while (running) {
            Thread.yield();
        }
    }

    private static final ReentrantLock PING = new ReentrantLock();
    private static final java.util.concurrent.locks.Condition TURN = PING.newCondition();
    private static boolean putsTurn = true;

    /** Each side parks until the other hands the turn back: a futex wait per hand-off, no spinning. Timed,
     * so both threads see the end of the run. */
    static void handOff(boolean put) {
        PING.lock();
        try {
            while (running) {
                if (putsTurn == put) {
                    putsTurn = !put;
                    TURN.signal();
                } else {
                    TURN.await(10, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            PING.unlock();
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
