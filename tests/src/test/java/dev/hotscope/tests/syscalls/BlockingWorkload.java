package dev.hotscope.tests.syscalls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The forked JVM of {@link SyscallLatencyTest}: after "go" on stdin, a thread named {@code sleeper}
 * sleeps 50 ms 20 times, {@code fsyncer} writes and fsyncs a file 20 times, and {@code reader}
 * blocks reading a pipe nobody writes until its write end is closed 100 ms later. Each thread's
 * blocking call sits in a method of its own, warmed up first so that it is JIT-compiled and named
 * in the JVM's perf map. Prints {@code READY <pid>}, then {@code DONE} when all three are done; the
 * threads stay alive (so their names can be looked up) until "exit" or EOF on stdin.
 */
public final class BlockingWorkload {
    static final int SLEEPS = 20;
    static final int SLEEP_MS = 50;
    static final int FSYNCS = 20;
    static final int PIPE_BLOCK_MS = 100;
    private static final int WARMUP = 3000;
    private static final java.util.concurrent.CountDownLatch FINISHED = new java.util.concurrent.CountDownLatch(3);
    private static final java.util.concurrent.CountDownLatch RELEASE = new java.util.concurrent.CountDownLatch(1);

    private BlockingWorkload() {}

    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile("hotscope-fsync", ".dat");
        Pipe pipe = Pipe.open();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            warmUp(channel, pipe);
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
            System.out.println("READY " + ProcessHandle.current().pid());
            if (!"go".equals(stdin.readLine())) {
                return;
            }
            Thread sleeper = start("sleeper", () -> {
                for (int i = 0; i < SLEEPS; i++) {
                    sleepOnce(SLEEP_MS);
                }
            });
            Thread fsyncer = start("fsyncer", () -> {
                for (int i = 0; i < FSYNCS; i++) {
                    fsyncOnce(channel, true);
                }
            });
            Thread reader = start("reader", () -> readPipeOnce(pipe, true));
            Thread.sleep(PIPE_BLOCK_MS);
            pipe.sink().close();
            FINISHED.await();
            System.out.println("DONE");
            stdin.readLine();
            RELEASE.countDown();
            for (Thread t : new Thread[] {sleeper, fsyncer, reader}) {
                t.join();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Calls each blocking method often with its blocking part skipped, so the JIT compiles it. */
    private static void warmUp(FileChannel channel, Pipe pipe) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            sleepOnce(0);
            fsyncOnce(channel, false);
            readPipeOnce(pipe, false);
        }
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

    static void fsyncOnce(FileChannel channel, boolean really) {
        if (!really) {
            return;
        }
        try {
            channel.write(ByteBuffer.allocate(64 * 1024));
            channel.force(true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void readPipeOnce(Pipe pipe, boolean really) {
        if (!really) {
            return;
        }
        try {
            pipe.source().read(ByteBuffer.allocate(1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread start(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
                FINISHED.countDown();
                RELEASE.await();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, name);
        t.start();
        return t;
    }
}
