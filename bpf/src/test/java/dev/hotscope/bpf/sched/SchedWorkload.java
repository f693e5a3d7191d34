package dev.hotscope.bpf.sched;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * The forked JVM of the scheduler tests. Its thread {@code sleeper} calls {@link #sleepOnce} with
 * 50 ms forever (after a warm-up that gets it JIT-compiled; "ready" follows the warm-up). Commands
 * on stdin, each answered with one line:
 * <ul>
 *   <li>{@code spin N}: N threads {@code spinner-0..N-1} spin until {@code unspin};
 *   <li>{@code block}: thread {@code reader} reads a pipe nobody writes, until {@code release};
 *   <li>{@code handoff}: thread {@code parker} parks, {@code unparker} unparks it 100 ms later, 5 times
 *       (both stay alive afterwards, the parker parked);
 *   <li>{@code exit}: exits at once.
 * </ul>
 */
public final class SchedWorkload {
    static final int SLEEP_MS = 50;
    static final int HANDOFFS = 5;
    static final int HANDOFF_DELAY_MS = 100;

    private static volatile boolean spinning;
    private static volatile Thread parker;
    static volatile long sink;

    private SchedWorkload() {}

    public static void main(String[] args) throws Exception {
        Thread sleeper = new Thread(SchedWorkload::sleepForever, "sleeper");
        sleeper.setDaemon(true);
        sleeper.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        Pipe pipe = Pipe.open();
        List<Thread> spinners = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "spin":
                    spinning = true;
                    for (int i = 0; i < Integer.parseInt(words[1]); i++) {
                        spinners.add(daemon("spinner-" + i, SchedWorkload::spin));
                    }
                    reply("spinning");
                    break;
                case "unspin":
                    spinning = false;
                    for (Thread t : spinners) {
                        t.join();
                    }
                    reply("unspun");
                    break;
                case "block":
                    daemon("reader", () -> readOnce(pipe));
                    reply("blocking");
                    break;
                case "release":
                    pipe.sink().close();
                    reply("released");
                    break;
                case "handoff":
                    handoff();
                    reply("handed-off");
                    break;
                case "exit":
                    System.exit(0);
                    break;
                default:
                    reply("unknown " + line);
            }
        }
        System.exit(0);
    }

    private static void reply(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void sleepForever() {
        for (int i = 0; i < 20_000; i++) {
            sleepOnce(0);
        }
        reply("ready");
        while (true) {
            sleepOnce(SLEEP_MS);
        }
    }

    /**
     * Sleeps in a frame of its own (the tests run with it not inlined): the stack must name it. The
     * warm-up sleeps 0 ms (a yield) through the same call, so the compiled code has no uncommon trap
     * there to send the first real sleep back to the interpreter.
     */
    static void sleepOnce(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void spin() {
        long x = 0;
        while (spinning) {
            x += System.nanoTime() & 7;
        }
        sink += x;
    }

    private static void readOnce(Pipe pipe) {
        try {
            pipe.source().read(ByteBuffer.allocate(1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void handoff() throws InterruptedException {
        CountDownLatch parked = new CountDownLatch(HANDOFFS);
        Thread p = daemon("parker", () -> {
            while (true) { // stays alive afterwards, so that tests can look its name up
                LockSupport.park();
                parked.countDown();
            }
        });
        Thread u = daemon("unparker", () -> {
            for (int i = 0; i < HANDOFFS; i++) {
                try {
                    Thread.sleep(HANDOFF_DELAY_MS);
                } catch (InterruptedException e) {
                    return;
                }
                LockSupport.unpark(p);
            }
            while (true) { // stays alive, so that tests can look its name up
                LockSupport.park();
            }
        });
        parked.await();
    }
}
