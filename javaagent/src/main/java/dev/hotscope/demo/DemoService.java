package dev.hotscope.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The service the agent demo traces: order workers contend for one lock inside {@link #handle},
 * a ledger writer fsyncs, a cache loader churns the heap, and, once the agent runs, pricing
 * threads keep more threads runnable than there are CPUs. Plain JDK only: the demo copies this class out of the agent jar
 * and runs it in a JVM of its own. {@code DemoService SECONDS}: how long to run once the agent traces.
 */
public final class DemoService {
    private static final Object LEDGER = new Object();
    private static volatile boolean running = true;
    static volatile Object sink;

    private DemoService() {}

    /**
     * Runs the service.
     *
     * @param args the number of seconds to run
     * @throws Exception never expected
     */
    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            threads.add(daemon("order-worker-" + i, DemoService::serveOrders));
        }
        threads.add(daemon("ledger-writer", DemoService::writeLedger));
        threads.add(daemon("cache-loader", DemoService::loadCache));
        threads.forEach(Thread::start);
        awaitAgent();
        for (int i = 1; i <= Runtime.getRuntime().availableProcessors() + 2; i++) {
            daemon("pricing-" + i, DemoService::price).start();
        }
        Thread.sleep(seconds * 1000);
        running = false;
    }

    /**
     * Pricing starts once the agent traces (it says so in a system property): on a small machine,
     * threads spinning on every CPU would slow the agent's start-up for nothing.
     */
    private static void awaitAgent() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            String status = System.getProperty("hotscope.agent.status", "");
            if (status.contains(" running: ") || status.contains(" stopped ") || status.contains(" error: ")) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    private static void serveOrders() {
        long order = 0;
        while (running) {
            handle(order++);
        }
    }

    /** One order: the ledger lock is held while "talking to the database". */
    static void handle(long order) {
        synchronized (LEDGER) {
            sleep(15);
            sink = order;
        }
    }

    private static void writeLedger() {
        try {
            Path file = Files.createTempFile("hotscope-demo-ledger", ".log");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ByteBuffer line = ByteBuffer.allocate(4096);
                while (running) {
                    line.clear();
                    ch.write(line);
                    ch.force(true);
                    sleep(20);
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("ledger-writer: " + e);
        }
    }

    private static void loadCache() {
        int n = 0;
        while (running) {
            byte[][] entries = new byte[512][];
            for (int i = 0; i < entries.length; i++) {
                entries[i] = new byte[8 * 1024];
            }
            sink = entries;
            if (++n % 200 == 0) {
                System.gc();
            }
        }
    }

    private static void price() {
        long x = 1;
        while (running) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
