package dev.hotscope.javaagent.cli;

import dev.hotscope.bpf.BpfException;
import dev.hotscope.bpf.symbols.Symbolizer;
import dev.hotscope.bpf.syscalls.SyscallEvent;
import dev.hotscope.bpf.syscalls.SyscallTracer;
import dev.hotscope.bpf.threads.ThreadDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The second half of {@code hotscope demo}: this JVM traces its own system calls for a moment
 * while two named threads sleep and fsync, and prints what {@code hotscope syscalls} would.
 */
final class SyscallDemo {
    private static final long TRACE_MS = 1500;

    private final PrintWriter out;
    private final PrintWriter err;

    SyscallDemo(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** Runs it; false when tracing was not possible (the reason is printed). */
    boolean run() throws InterruptedException {
        long pid = ProcessHandle.current().pid();
        out.printf("%n6. Tracing this JVM's own system calls for %d ms with hotscope's BPF engine (as 'hotscope"
            + " syscalls %d' would), while thread 'sleeper' sleeps 20 ms at a time and thread 'fsyncer' writes and"
            + " fsyncs a file. Their calls:%n", TRACE_MS, pid);
        out.flush();
        List<SyscallEvent> events = new ArrayList<>();
        try (SyscallTracer tracer = SyscallTracer.start(pid, Duration.ofMillis(5), events::add)) {
            warmUp();
            Thread sleeper = worker("sleeper", () -> sleepALittle(20));
            Thread fsyncer = worker("fsyncer", () -> fsyncAFile(true));
            ThreadDirectory threads = ThreadDirectory.forProcess(pid);
            long end = System.nanoTime() + TRACE_MS * 1_000_000;
            while (System.nanoTime() < end) {
                tracer.poll(Duration.ofMillis(100));
            }
            Set<Integer> workers = tidsNamed(threads, "sleeper", "fsyncer");
            sleeper.interrupt();
            fsyncer.interrupt();
            SlowestCalls slowest = new SlowestCalls(6);
            events.stream().filter(e -> workers.contains(e.tid())).forEach(slowest::offer);
            SyscallReport report = new SyscallReport(threads, Symbolizer.forProcess(pid));
            out.print(report.histograms(tracer.histograms().stream().filter(h -> workers.contains(h.tid()))
                .collect(Collectors.toList()), 2));
            out.print(report.slowest(slowest.sorted()));
            out.println(report.losses(tracer.counters()));
            sleeper.join();
            fsyncer.join();
            return true;
        } catch (BpfException e) {
            err.println("hotscope demo: cannot trace system calls here: " + e.getMessage());
            return false;
        } finally {
            out.flush();
        }
    }

    private static Set<Integer> tidsNamed(ThreadDirectory threads, String... names) {
        threads.refresh();
        Set<String> wanted = Set.of(names);
        return threads.threads().stream().filter(t -> wanted.contains(t.name()))
            .map(t -> (int) t.tid()).collect(Collectors.toSet());
    }

    private interface Work {
        void once() throws Exception;
    }

    private static Thread worker(String name, Work work) {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    work.once();
                }
            } catch (InterruptedException e) {
                // Told to stop.
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** JIT-compiles the workers' methods first, so their frames are named (interpreted ones are not). */
    private static void warmUp() throws InterruptedException {
        for (int i = 0; i < 5_000; i++) {
            try {
                sleepALittle(0);
                fsyncAFile(false);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void sleepALittle(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static void fsyncAFile(boolean really) throws IOException, InterruptedException {
        if (!really) {
            return;
        }
        Path file = Files.createTempFile("hotscope-demo", ".dat");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(256 * 1024));
            channel.force(true);
        } finally {
            Files.deleteIfExists(file);
        }
        Thread.sleep(10);
    }
}
