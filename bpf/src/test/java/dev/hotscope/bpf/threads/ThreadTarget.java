package dev.hotscope.bpf.threads;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * A JVM for thread directory tests: threads "sleeper", "fsyncer" and the daemon "daemon-helper",
 * each printing {@code thread NAME JAVA_ID TID DAEMON}, then {@code ready}. The stdin command
 * {@code spawn NAME} starts one more thread and prints its line.
 */
public final class ThreadTarget {
    private ThreadTarget() {}

    public static void main(String[] args) throws Exception {
        start("sleeper", false, () -> sleepForever());
        start("fsyncer", false, ThreadTarget::fsyncLoop);
        start("daemon-helper", true, () -> {
            while (true) {
                LockSupport.park();
            }
        });
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("spawn ")) {
                start(line.substring(6), false, ThreadTarget::sleepForever);
                System.out.println("spawned");
                System.out.flush();
            }
        }
        System.exit(0);
    }

    private static void start(String name, boolean daemon, Runnable body) throws InterruptedException {
        CountDownLatch reported = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            report();
            reported.countDown();
            body.run();
        }, name);
        t.setDaemon(daemon);
        t.start();
        reported.await();
    }

    @SuppressWarnings("deprecation") // Thread.getId() is what --release 17 offers
    private static synchronized void report() {
        Thread t = Thread.currentThread();
        System.out.println("thread " + t.getName() + " " + t.getId() + " " + osTid() + " " + t.isDaemon());
        System.out.flush();
    }

    static long osTid() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return Long.parseLong(self.getFileName().toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleepForever() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void fsyncLoop() {
        try {
            Path file = Files.createTempFile("hotscope-fsyncer", ".dat");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                Files.delete(file); // the test kills this JVM: leave nothing behind

                while (true) {
                    ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
                    ch.force(false);
                    Thread.sleep(50);
                }
            }
        } catch (IOException | InterruptedException e) {
            sleepForever();
        }
    }
}
