package dev.hotscope.tests.lab;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The JVM the lab tests trace. {@code LabWorkload DIR} keeps, from start to exit:
 * <ul>
 *   <li>{@code lab-reader} blocked in {@code read} on a FIFO that {@code lab-writer} feeds a byte every
 *       {@value #READ_PERIOD_MS} ms (slow reads, in libc's {@code read} and the read syscall);</li>
 *   <li>{@code lab-sleeper} sleeping {@value #SLEEP_MS} ms at a time (off-CPU, sleeping);</li>
 *   <li>{@code lab-monitor-holder/-waiter} contending on a synchronized monitor of class {@link Contended},
 *       and {@code lab-rlock-holder/-waiter} on a ReentrantLock (futex waits woken by the holder).</li>
 * </ul>
 * It prints {@code READY pid}, then runs commands read from stdin on the thread {@code lab-commands}, each
 * answered by {@code DONE command t0 t1} with {@link System#nanoTime()} (CLOCK_MONOTONIC, the BPF clock)
 * before and after, so a test counts exactly the events that fall in between:
 * {@code gc N} (N System.gc() after some garbage), {@code fsync N} (write and fsync a file N times),
 * {@code spin MS} (2 × CPUs + 1 threads {@code lab-spin-i} busy for MS ms). EOF or {@code exit} ends it.
 * Every blocking call sits in a method of its own, warmed up first so the JIT names it in stacks.
 */
public final class LabWorkload {
    static final int READ_PERIOD_MS = 20;
    static final int SLEEP_MS = 20;
    static final int HOLD_MS = 15;
    private static final int WARMUP = 5000;
    private static final Contended MONITOR = new Contended();
    private static final ReentrantLock LOCK = new ReentrantLock();
    static volatile Object sink;

    /** The class of the contended monitor, so locks() names it. */
    static final class Contended {}

    private LabWorkload() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path fifo = dir.resolve("lab.fifo");
        Path data = dir.resolve("lab-fsync.dat");
        if (new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("mkfifo " + fifo + " failed");
        }
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            warmUp(channel);
            daemon("lab-writer", () -> feedFifo(fifo));
            daemon("lab-reader", () -> drainFifo(fifo));
            daemon("lab-sleeper", () -> {
                while (true) {
                    sleepOnce(SLEEP_MS);
                }
            });
            daemon("lab-monitor-holder", () -> monitorLoop(HOLD_MS));
            daemon("lab-monitor-waiter", () -> monitorLoop(1));
            daemon("lab-rlock-holder", () -> lockLoop(HOLD_MS));
            daemon("lab-rlock-waiter", () -> lockLoop(1));
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
            Thread commands = new Thread(() -> serve(stdin, channel), "lab-commands");
            commands.start();
            System.out.println("READY " + ProcessHandle.current().pid());
            System.out.flush();
            commands.join();
        }
    }

    private static void serve(BufferedReader stdin, FileChannel channel) {
        try {
            for (String line; (line = stdin.readLine()) != null && !line.equals("exit"); ) {
                String[] w = line.trim().split("\\s+");
                long n = Long.parseLong(w[1]);
                long t0 = System.nanoTime();
                switch (w[0]) {
                    case "gc" -> collect(n);
                    case "fsync" -> {
                        for (long i = 0; i < n; i++) {
                            fsyncOnce(channel, true);
                        }
                    }
                    case "spin" -> spin(n);
                    default -> throw new IllegalArgumentException("unknown command " + line);
                }
                long t1 = System.nanoTime();
                System.out.println("DONE " + w[0] + " " + n + " " + t0 + " " + t1);
                System.out.flush();
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(long n) {
        for (long i = 0; i < n; i++) {
            byte[][] garbage = new byte[64][];
            for (int j = 0; j < garbage.length; j++) {
                garbage[j] = new byte[16 * 1024];
            }
            sink = garbage;
            System.gc();
        }
    }

    private static void spin(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors() + 1; i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (System.nanoTime() < end) {
                    x += System.nanoTime() & 7;
                }
                sink = x;
            }, "lab-spin-" + i);
            spinners.add(t);
            t.start();
        }
        for (Thread t : spinners) {
            t.join();
        }
    }

    private static void feedFifo(Path fifo) {
        try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
            while (true) {
                out.write('x');
                out.flush();
                Thread.sleep(READ_PERIOD_MS);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void drainFifo(Path fifo) {
        try (FileInputStream in = new FileInputStream(fifo.toFile())) {
            while (readOnce(in) >= 0) {
                // each read blocks until lab-writer's next byte
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int readOnce(FileInputStream in) throws IOException {
        return in == null ? 0 : in.read();
    }

    static void sleepOnce(int millis) {
        try {
            if (millis > 0) {
                Thread.sleep(millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void fsyncOnce(FileChannel channel, boolean sync) throws IOException {
        if (sync) {
            channel.write(ByteBuffer.allocate(4096), 0);
            channel.force(true);
        }
    }

    private static void monitorLoop(int holdMillis) {
        while (true) {
            synchronized (MONITOR) {
                sleepOnce(holdMillis);
            }
            sleepOnce(1);
        }
    }

    private static void lockLoop(int holdMillis) {
        while (true) {
            LOCK.lock();
            try {
                sleepOnce(holdMillis);
            } finally {
                LOCK.unlock();
            }
            sleepOnce(1);
        }
    }

    /** Runs each blocking method with its blocking part skipped, so the JIT compiles it. */
    private static void warmUp(FileChannel channel) throws IOException {
        for (int i = 0; i < WARMUP; i++) {
            readOnce(null);
            sleepOnce(0);
            fsyncOnce(channel, false);
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }
}
