package dev.hotscope.jfr.report;

import dev.hotscope.jfr.events.AgentStatusEvent;
import dev.hotscope.jfr.events.GcPauseEvent;
import dev.hotscope.jfr.events.LatencyHistogramEvent;
import dev.hotscope.jfr.events.LockWaitEvent;
import dev.hotscope.jfr.events.LostEventsEvent;
import dev.hotscope.jfr.events.OffCpuEvent;
import dev.hotscope.jfr.events.RunQueueLatencyEvent;
import dev.hotscope.jfr.events.SyscallLatencyEvent;
import dev.hotscope.jfr.events.ThreadEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import jdk.jfr.Recording;

/**
 * A recording of a small, known scenario, committed in-process as the agent does: two real worker
 * threads (their kernel ids read from /proc) with syscalls, lock waits, off-CPU and run-queue waits,
 * two GC pauses, cumulative histograms, losses and a status line (some repeated, as in a written
 * recording). The expected figures follow.
 */
final class ScenarioRecording implements AutoCloseable {
    static final String WRITER = "rt-writer";
    static final String READER = "rt-reader";
    static final long MS = 1_000_000L;
    /** Writer: off-CPU 2 x 50 ms, syscalls read 3 x 5 ms and fsync 2 x 20 ms: 155 ms in all. */
    static final long WRITER_OFF_CPU = 100 * MS;
    static final long WRITER_SYSCALL = 55 * MS;
    /** Reader: lock 3 x 30 ms woken by the writer, futex 4 x 2 ms, off-CPU 10 ms, run queue 4 ms. */
    static final long READER_LOCK = 90 * MS;
    static final String WRITER_STACK = "finish_task_switch [kernel]\nschedule [kernel]\n"
        + "__GI___fsync+0x1b [native libc.so.6]\ncom.acme.Ledger.flush:42 [java]\ncom.acme.Ledger.append:17 [java]\n"
        + "java.lang.Thread.run:833 [java]\n";
    static final String SLEEP_STACK = "__futex_abstimed_wait_common+0xc6 [native libc.so.6]\n"
        + "void java.lang.Thread.sleep(long) [java jit]\nvoid com.acme.Cache.refresh() [java jit]\n"
        + "[interpreter] [java interpreted]\n";
    static final String LOCK_STACK = "futex_wait [kernel]\n__futex_abstimed_wait_common+0xc6 [native libc.so.6]\n"
        + "java.util.concurrent.locks.LockSupport.park:211 [java]\ncom.acme.Ledger.read:88 [java]\n";

    final Thread writer;
    final Thread reader;
    final long writerTid;
    final long readerTid;
    private final CountDownLatch done = new CountDownLatch(1);

    private ScenarioRecording() throws InterruptedException {
        writer = parked(WRITER);
        reader = parked(READER);
        writerTid = tidOf(WRITER);
        readerTid = tidOf(READER);
    }

    /** Starts the two workers; close ends them. */
    static ScenarioRecording start() throws InterruptedException {
        return new ScenarioRecording();
    }

    /** Records the scenario into {@code file}. */
    Path record(Path file) throws IOException {
        try (Recording r = new Recording()) {
            Stream.of("hotscope.SyscallLatency", "hotscope.LockWait", "hotscope.OffCpu", "hotscope.RunQueueLatency",
                "hotscope.GcPause", "hotscope.LatencyHistogram", "hotscope.LostEvents", "hotscope.AgentStatus")
                .forEach(r::enable);
            r.enable("jdk.JVMInformation");
            r.start();
            long now = System.currentTimeMillis();
            status("syscall", "on", ">= 1.00 ms");
            for (int i = 0; i < 3; i++) {
                syscall(writer, writerTid, "read", 5 * MS, now - 900 + i * 100, WRITER_STACK);
            }
            for (int i = 0; i < 2; i++) {
                syscall(writer, writerTid, "fsync", 20 * MS, now - 600 + i * 100, WRITER_STACK);
                offCpu(writer, writerTid, "sleeping", 50 * MS, now - 400 + i * 100, SLEEP_STACK);
            }
            for (int i = 0; i < 4; i++) {
                syscall(reader, readerTid, "futex", 2 * MS, now - 950 + i * 100, LOCK_STACK);
            }
            for (int i = 0; i < 3; i++) {
                lockWait(now - 800 + i * 150);
            }
            offCpu(reader, readerTid, "blocked", 10 * MS, now - 300, LOCK_STACK);
            RunQueueLatencyEvent runq = fill(new RunQueueLatencyEvent(), reader, readerTid, now - 200, "");
            runq.latency = 4 * MS;
            runq.cause = "wakeup";
            runq.cpu = 1;
            runq.commit();
            gcPause(now - 500, 12 * MS, 0.40);
            gcPause(now - 250, 3 * MS, 0.10);
            histogram(10, "4-7:5 8-15:5");
            histogram(20, "4-7:5 8-15:10 4096-8191:5");
            lost(7, 7);
            lost(3, 10);
            // The agent's written chunk may repeat reports the JDK's part has: they count once.
            lost(3, 10);
            status("syscall", "on", ">= 1.00 ms");
            r.stop();
            r.dump(file);
        }
        return file;
    }

    private void syscall(Thread t, long tid, String name, long nanos, long began, String stack) {
        SyscallLatencyEvent e = fill(new SyscallLatencyEvent(), t, tid, began, stack);
        e.syscall = name;
        e.latency = nanos;
        e.commit();
    }

    private void offCpu(Thread t, long tid, String reason, long nanos, long began, String stack) {
        OffCpuEvent e = fill(new OffCpuEvent(), t, tid, began, stack);
        e.reason = reason;
        e.offCpu = nanos;
        e.wakerName = reason.equals("blocked") ? "" : WRITER;
        e.commit();
    }

    private void lockWait(long began) {
        LockWaitEvent e = fill(new LockWaitEvent(), reader, readerTid, began, LOCK_STACK);
        e.kind = "futex";
        e.wait = 30 * MS;
        e.runQueueDelay = 20_000;
        e.waker = writer;
        e.wakerOsThreadId = writerTid;
        e.wakerName = WRITER;
        e.error = "";
        e.commit();
    }

    private static void gcPause(long began, long nanos, double starvation) {
        GcPauseEvent e = new GcPauseEvent();
        e.began = began;
        e.pause = nanos;
        e.starvation = starvation;
        e.gcCpuTime = nanos / 2;
        e.gcRunQueueTime = (long) (nanos * starvation);
        e.gcThreads = 2;
        e.source = "usdt";
        e.commit();
    }

    /** The writer's read histogram, cumulative: only the one with the higher count may count. */
    private void histogram(long count, String buckets) {
        LatencyHistogramEvent e = new LatencyHistogramEvent();
        e.kind = "syscall";
        e.syscall = "read";
        e.javaThread = writer;
        e.threadName = WRITER;
        e.osThreadId = writerTid;
        e.count = count;
        e.total = count * 10_000;
        e.buckets = buckets;
        e.commit();
    }

    private static void lost(long n, long total) {
        LostEventsEvent e = new LostEventsEvent();
        e.source = "syscall";
        e.reason = "ring buffer full";
        e.lost = n;
        e.lostTotal = total;
        e.commit();
    }

    private static void status(String feature, String state, String message) {
        AgentStatusEvent e = new AgentStatusEvent();
        e.feature = feature;
        e.state = state;
        e.message = message;
        e.commit();
    }

    private static <T extends ThreadEvent> T fill(T e, Thread t, long tid, long began, String stack) {
        e.javaThread = t;
        e.osThreadId = tid;
        e.threadName = t.getName();
        e.began = began;
        e.stack = stack;
        e.stackSource = "bpf-fp";
        return e;
    }

    private Thread parked(String name) {
        Thread t = new Thread(() -> {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The kernel's id of a thread of this JVM, by the name the JVM gave it (at most 15 characters). */
    static long tidOf(String name) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        if (Files.readString(task.resolve("comm")).strip().equals(name)) {
                            return Long.parseLong(task.getFileName().toString());
                        }
                    } catch (IOException e) {
                        // the task ended meanwhile
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list /proc/self/task", e);
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no thread named " + name + " in /proc/self/task");
    }

    @Override
    public void close() throws InterruptedException {
        done.countDown();
        writer.join(5000);
        reader.join(5000);
    }
}
