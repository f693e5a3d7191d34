package dev.hotscope.tests.jfr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * The JVM under the agent in this package's tests: {@code JfrWorkload [agent] [stream]} runs a
 * sleeper, a lock holder and its waiter, an allocator and a half-time spinner until stdin closes,
 * then returns from main (no System.exit), so the agent sees an ordinary JVM exit. With
 * {@code agent}, the threads start only once the agent says it runs, so the JDK's recording holds
 * their jdk.ThreadStart. With {@code stream},
 * a RecordingStream inside this JVM prints the hotscope events it gets as {@code STREAM} lines.
 */
public final class JfrWorkload {
    static final String SLEEPER = "jfr-sleeper";
    static final String HOLDER = "jfr-holder";
    static final String WAITER = "jfr-waiter";
    static final String ALLOCATOR = "jfr-allocator";
    static final String SPINNER = "jfr-spinner";
    private static final String AGENT_STATUS = "hotscope.agent.status";
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static volatile boolean running = true;
    static volatile Object sink;

    private JfrWorkload() {}

    public static void main(String[] args) throws Exception {
        List<String> flags = List.of(args);
        if (flags.contains("agent")) {
            awaitAgent();
        }
        RecordingStream stream = flags.contains("stream") ? startStream() : null;
        List<Thread> threads = List.of(thread(SLEEPER, JfrWorkload::napLoop), thread(HOLDER, JfrWorkload::holdLock),
            thread(WAITER, JfrWorkload::waitForLock), thread(ALLOCATOR, JfrWorkload::churn),
            thread(SPINNER, JfrWorkload::spinAndRest));
        threads.forEach(Thread::start);
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes stdin
        }
        running = false;
        for (Thread t : threads) {
            t.join(2000);
        }
        if (stream != null) {
            stream.close();
        }
        System.out.println("DONE");
    }

    /** The agent starts in the background: wait for its "running" status, at most 30 s. */
    private static void awaitAgent() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!System.getProperty(AGENT_STATUS, "").contains(" running: ") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        System.out.println("AGENT " + System.getProperty(AGENT_STATUS, "(no status)"));
    }

    private static RecordingStream startStream() {
        RecordingStream rs = new RecordingStream();
        rs.enable("hotscope.SyscallLatency");
        rs.enable("hotscope.LockWait");
        rs.enable("hotscope.LatencyHistogram").withPeriod(Duration.ofSeconds(1));
        rs.onEvent("hotscope.SyscallLatency", e -> print(e, e.getString("syscall")));
        rs.onEvent("hotscope.LockWait", e -> print(e, e.getString("kind")));
        rs.onEvent("hotscope.LatencyHistogram", e -> print(e, e.getString("kind") + "/" + e.getLong("count")));
        rs.startAsync();
        return rs;
    }

    /** {@code STREAM type javaThread=NAME eventThread=NAME at=EPOCH_MS detail=TEXT}. */
    private static void print(RecordedEvent e, String detail) {
        RecordedThread about = e.getThread("javaThread");
        RecordedThread committer = e.getThread();
        System.out.println("STREAM " + e.getEventType().getName()
            + " javaThread=" + (about == null ? "-" : about.getJavaName())
            + " eventThread=" + (committer == null ? "-" : committer.getJavaName())
            + " at=" + e.getStartTime().toEpochMilli() + " detail=" + detail);
        System.out.flush();
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    static void napLoop() {
        while (running) {
            nap(50);
        }
    }

    static void holdLock() {
        while (running) {
            LOCK.lock();
            try {
                nap(60);
            } finally {
                LOCK.unlock();
            }
            nap(5);
        }
    }

    static void waitForLock() {
        while (running) {
            LOCK.lock();
            try {
                sink = new Object();
            } finally {
                LOCK.unlock();
            }
            nap(1);
        }
    }

    /** Garbage for young collections and a System.gc() about twice a second: GC pauses that leave CPU to others. */
    static void churn() {
        int n = 0;
        while (running) {
            byte[][] keep = new byte[16][];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = new byte[16 * 1024];
            }
            sink = keep;
            nap(2);
            if (++n % 200 == 0) {
                System.gc();
            }
        }
    }

    /** On the CPU half the time, in Java code, so the JDK's execution sampler sees this thread. */
    static void spinAndRest() {
        long x = 0;
        while (running) {
            long until = System.nanoTime() + 10_000_000L;
            do {
                // Mostly plain arithmetic: the sampler skips threads caught inside the clock call.
                for (int i = 0; i < 100_000; i++) {
                    x = x * 31 + i;
                }
            } while (System.nanoTime() < until);
            sink = x;
            nap(10);
        }
    }

    static void nap(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
