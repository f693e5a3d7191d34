package dev.hotscope.bpf.locks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The forked JVM of the lock tests, driven by stdin commands, each answered by one line:
 * <ul>
 *   <li>{@code sync}: {@code sync-holder} holds a {@link Guard} monitor while {@code sync-waiter}
 *       blocks entering it, for {@link #HOLD_MS} after it blocked; replies {@code SYNC <holder tid> <waiter tid>
 *       <waiter java id>} once both are done.
 *   <li>{@code rl}: the same with a ReentrantLock, {@code rl-holder} and {@code rl-waiter};
 *       replies {@code RL <holder tid> <waiter tid>}.
 *   <li>{@code park}: {@code parker} parks until {@code unpark}; replies {@code PARKED <tid>} once parked.
 *   <li>{@code unpark}: replies {@code UNPARKED <tid of the unparking thread>} once the parker is done.
 *   <li>{@code pair}: {@code quiet-sleeper} and {@code loud-sleeper} start and wait on a latch;
 *       replies {@code PAIR <quiet tid> <loud tid>}.
 *   <li>{@code go}: both sleepers sleep {@link #NAPS} times {@link #NAP_MS} each in
 *       {@code parkNanos}; replies {@code SLEPT} when both are done.
 * </ul>
 * The waiting methods are JIT-compiled before {@code READY} so that their frames are named.
 */
public final class LockTarget {
    static final int HOLD_MS = 100;
    static final int NAPS = 5;
    static final int NAP_MS = 20;
    private static final int WARMUP = 5000;

    /** The class of the contended monitor, so records can be told apart by name. */
    static final class Guard {
        int entered;
    }

    private static final Guard GUARD = new Guard();
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final Map<Thread, Long> TIDS = new ConcurrentHashMap<>();
    private static volatile boolean released;

    private LockTarget() {}

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            syncWait(false);
            rlWait(false);
            parkOnce(false);
        }
        System.out.println("READY " + ProcessHandle.current().pid());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        Thread parker = null;
        Thread[] pair = null;
        CountDownLatch go = new CountDownLatch(1);
        String line;
        while ((line = in.readLine()) != null && !line.equals("exit")) {
            switch (line) {
                case "sync" -> reply(contend("sync", whileHeld -> {
                    synchronized (GUARD) {
                        whileHeld.run();
                    }
                }, () -> syncWait(true)));
                case "rl" -> reply(contend("rl", whileHeld -> {
                    LOCK.lock();
                    try {
                        whileHeld.run();
                    } finally {
                        LOCK.unlock();
                    }
                }, () -> rlWait(true)));
                case "park" -> {
                    released = false;
                    parker = named("parker", () -> parkOnce(true));
                    reply("PARKED " + startWaiting(parker));
                }
                case "unpark" -> {
                    released = true;
                    LockSupport.unpark(parker);
                    parker.join();
                    reply("UNPARKED " + osTid());
                }
                case "pair" -> {
                    go = new CountDownLatch(1);
                    pair = new Thread[] {napper("quiet-sleeper", go), napper("loud-sleeper", go)};
                    reply("PAIR " + startWaiting(pair[0]) + " " + startWaiting(pair[1]));
                }
                case "go" -> {
                    go.countDown();
                    for (Thread t : pair) {
                        t.join();
                    }
                    reply("SLEPT");
                }
                default -> reply("ERROR unknown command " + line);
            }
        }
        System.exit(0);
    }

    static void syncWait(boolean really) {
        if (really) {
            synchronized (GUARD) {
                GUARD.entered++;
            }
        }
    }

    static void rlWait(boolean really) {
        if (really) {
            LOCK.lock();
            LOCK.unlock();
        }
    }

    static void parkOnce(boolean really) {
        while (really && !released) {
            LockSupport.park();
        }
    }

    /** Takes a lock, runs its argument, releases the lock. */
    private interface Holder {
        void hold(Runnable whileHeld);
    }

    /**
     * Runs the holder and, once it holds the lock, the waiter; the holder keeps the lock for
     * {@link #HOLD_MS} from when the waiter is blocked on it, however long the waiter took to get
     * there (a loaded machine). Returns "NAME holder-tid waiter-tid waiter-id".
     */
    @SuppressWarnings("deprecation") // Thread.getId(): what --release 17 offers
    private static String contend(String name, Holder holder, Runnable waiter) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Thread waits = named(name + "-waiter", waiter);
        Thread holds = named(name + "-holder", () -> holder.hold(() -> {
            holding.countDown();
            awaitBlocked(waits);
            pause(HOLD_MS);
        }));
        holds.start();
        holding.await();
        waits.start();
        holds.join();
        waits.join();
        return name.toUpperCase() + " " + TIDS.get(holds) + " " + TIDS.get(waits) + " " + waits.getId();
    }

    private static Thread napper(String name, CountDownLatch go) {
        return named(name, () -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            for (int i = 0; i < NAPS; i++) {
                LockSupport.parkNanos(NAP_MS * 1_000_000L);
            }
        });
    }

    /** A thread that records its OS tid before it runs the body. */
    private static Thread named(String name, Runnable body) {
        return new Thread(() -> {
            TIDS.put(Thread.currentThread(), osTid());
            body.run();
        }, name);
    }

    /** Starts a thread that will block, and returns its tid once it is blocked in the kernel. */
    private static long startWaiting(Thread t) {
        t.start();
        awaitBlocked(t);
        return TIDS.get(t);
    }

    private static void awaitBlocked(Thread t) {
        while (t.getState() != Thread.State.BLOCKED && t.getState() != Thread.State.WAITING) {
            pause(2);
        }
        pause(50); // from the Java state change into the futex itself
    }

    private static long osTid() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
