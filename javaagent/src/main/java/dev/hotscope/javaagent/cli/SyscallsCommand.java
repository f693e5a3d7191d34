package dev.hotscope.javaagent.cli;

import dev.hotscope.bpf.BpfException;
import dev.hotscope.bpf.symbols.Frame;
import dev.hotscope.bpf.symbols.FrameKind;
import dev.hotscope.bpf.symbols.Symbolizer;
import dev.hotscope.bpf.syscalls.SyscallCounters;
import dev.hotscope.bpf.syscalls.SyscallTracer;
import dev.hotscope.bpf.threads.ThreadDirectory;
import dev.hotscope.javaagent.internal.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hotscope syscalls <pid>}: per-syscall latency histograms of a process (bcc layout) and its
 * slowest calls with thread names and top Java frames. Progress on stderr; Ctrl-C prints what it has.
 */
@Command(name = "syscalls", mixinStandardHelpOptions = true,
    description = {"Trace the system calls of a process: log2 latency histograms per syscall and the",
        "slowest calls with thread, result and top Java frames. Needs root (or CAP_BPF+CAP_PERFMON).",
        "Run the JVM with -XX:+PreserveFramePointer for full Java stacks."})
public final class SyscallsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "The process to trace.")
    private String pidText;

    @Option(names = "--duration", defaultValue = "10s", paramLabel = "DUR",
        description = "How long to trace (default ${DEFAULT-VALUE}), e.g. 500ms, 30s, 2m.")
    private String durationText;

    @Option(names = "--min", defaultValue = "1ms", paramLabel = "DUR",
        description = "Report calls at least this slow individually (default ${DEFAULT-VALUE}).")
    private String minText;

    @Option(names = "--top", defaultValue = "20", paramLabel = "N", description = "Slowest calls to list (default ${DEFAULT-VALUE}).")
    private int top;

    private static final int HISTOGRAMS = 8;

    private volatile boolean interrupted;
    private final CountDownLatch reported = new CountDownLatch(1);

    /**
     * Traces, then prints the report.
     *
     * @return 0 on success, 1 when tracing is not possible, 2 on bad arguments
     */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long pid;
        Duration duration;
        Duration min;
        try {
            pid = Pids.parse(pidText);
            duration = Durations.parse(durationText);
            min = Durations.parse(minText);
            if (top < 1 || top > 10_000) {
                throw new IllegalArgumentException("--top " + top + " is out of range: use 1 to 10000");
            }
        } catch (IllegalArgumentException e) {
            err.println("hotscope syscalls: " + e.getMessage());
            return 2;
        }
        SlowestCalls slowest = new SlowestCalls(top);
        SyscallTracer tracer;
        try {
            tracer = SyscallTracer.start(pid, min, slowest::offer);
        } catch (BpfException e) {
            err.println("hotscope syscalls: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(this::onInterrupt, "hotscope-syscalls-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try (tracer) {
            // Name threads and read maps while the process is alive: it may exit mid-trace.
            ThreadDirectory threads = ThreadDirectory.forProcess(pid);
            Symbolizer symbols = symbolizerOrNull(pid);
            String ended = trace(tracer, pid, duration, min, threads, err);
            report(tracer, pid, slowest, ended, new SyscallReport(threads, symbols), out);
        } catch (IllegalArgumentException e) {
            err.println("hotscope syscalls: " + e.getMessage());
            return 1;
        } finally {
            reported.countDown();
            removeHook(hook);
        }
        return 0;
    }

    private String trace(SyscallTracer tracer, long pid, Duration duration, Duration min, ThreadDirectory threads,
                         PrintWriter err) {
        err.printf("Tracing syscalls of pid %d for %s; calls >= %s are listed. Ctrl-C to stop early.%n",
            pid, Durations.format(duration.toNanos()), Durations.format(min.toNanos()));
        err.flush();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        long nextProgress = start + 1_000_000_000L;
        while (!interrupted) {
            long now = System.nanoTime();
            if (now >= deadline) {
                return "after " + Durations.format(now - start);
            }
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return "pid " + pid + " exited after " + Durations.format(now - start);
            }
            tracer.poll(Duration.ofNanos(Math.min(200_000_000L, deadline - now)));
            if (System.nanoTime() >= nextProgress) {
                refreshQuietly(threads);
                SyscallCounters c = tracer.counters();
                err.printf("  %3d s: %d slow calls, %d lost%n", (System.nanoTime() - start) / 1_000_000_000L,
                    c.sent(), c.dropped() + c.consumerErrors());
                err.flush();
                nextProgress += 1_000_000_000L;
            }
        }
        return "interrupted after " + Durations.format(System.nanoTime() - start);
    }

    private void report(SyscallTracer tracer, long pid, SlowestCalls slowest, String ended, SyscallReport report,
                        PrintWriter out) {
        tracer.poll(Duration.ZERO);
        out.println("Traced pid " + pid + ", " + ended + ".");
        out.print(report.histograms(tracer.histograms(), HISTOGRAMS));
        out.print(report.slowest(slowest.sorted()));
        out.print(report.inflight(tracer.inflight(), top));
        out.println(report.losses(tracer.counters()));
        out.flush();
    }

    private static void refreshQuietly(ThreadDirectory threads) {
        try {
            threads.refresh();
        } catch (RuntimeException e) {
            // The process is gone or jcmd failed: keep the names already known.
        }
    }

    private static Symbolizer symbolizerOrNull(long pid) {
        try {
            return Symbolizer.forProcess(pid);
        } catch (RuntimeException e) {
            return null; // the process is gone: addresses are printed raw
        }
    }

    /** Ctrl-C: let the tracing loop stop and print, then let the JVM exit. */
    private void onInterrupt() {
        interrupted = true;
        try {
            reported.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down (Ctrl-C): the hook is running and will return now.
        }
    }

    /**
     * Frames worth showing first: named Java (JIT) frames if there are any, else the innermost
     * native frames and a note that interpreted Java code (unnamed without the agent) called them.
     */
    static String topFrames(Frame[] frames, int count, int max) {
        StringBuilder java = new StringBuilder();
        int shown = 0;
        boolean interpreted = false;
        for (int i = 0; i < count && shown < max; i++) {
            Frame f = frames[i];
            if (f.kind() == FrameKind.JAVA_JIT && !f.function().startsWith("StubRoutines")) {
                java.append(shown++ == 0 ? "" : " < ").append(f.function());
            }
            interpreted |= f.kind() == FrameKind.JAVA_INTERPRETED;
        }
        if (shown > 0) {
            return java.toString();
        }
        StringBuilder nativeFrames = new StringBuilder();
        for (int i = 0; i < Math.min(count, 2) && frames[i].kind() != FrameKind.JAVA_INTERPRETED; i++) {
            nativeFrames.append(i == 0 ? "" : " < ").append(frames[i].name());
        }
        if (interpreted) {
            nativeFrames.append(nativeFrames.length() == 0 ? "" : " < ").append("[interpreted Java]");
        }
        return nativeFrames.length() == 0 ? "(no user stack)" : nativeFrames.toString();
    }

}
