package dev.hotscope.lab.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A workload running in a child JVM, to attach the lab to: {@code gc-and-io}, {@code lock-contention}
 * or {@code http-service}. The child uses the same {@code java} and these classes, runs with
 * {@code -XX:+PreserveFramePointer -XX:+DTraceMonitorProbes} so stacks and monitor probes work, and
 * exits when this JVM goes away (it watches its stdin) or on {@link #close()}.
 *
 * <p>Its threads have stable names: {@code churn-N} and {@code writer-N} (gc-and-io),
 * {@code monitor-N} and {@code reentrant-N} (lock-contention), {@code http-worker-N} and
 * {@code load-N} (http-service).
 */
public final class Workload implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final int KEPT_LINES = 20;

    private final Kind kind;
    private final Process process;
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private final Deque<String> lastLines = new ArrayDeque<>();

    private Workload(Kind kind, Process process) {
        this.kind = kind;
        this.process = process;
    }

    /**
     * Starts a workload and waits (up to 30 s) until it runs.
     *
     * @param kind {@code gc-and-io}, {@code lock-contention} or {@code http-service}; not null
     * @return the running workload; close it when done
     * @throws IllegalArgumentException if there is no such kind (the message names those there are)
     * @throws IllegalStateException if the child JVM exits or is not ready in time
     * @throws UncheckedIOException if the child JVM cannot be started
     */
    public static Workload start(String kind) {
        Objects.requireNonNull(kind, "kind: use one of " + Kind.labels());
        Workload workload = launch(Kind.of(kind));
        try {
            return workload.waitReady(READY_TIMEOUT);
        } catch (RuntimeException e) {
            workload.close();
            throw e;
        }
    }

    private static Workload launch(Kind kind) {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-XX:+PreserveFramePointer",
            "-XX:+DTraceMonitorProbes", "-XX:+UseG1GC", "-Xms128m", "-Xmx128m", "-cp", classPath(),
            WorkloadMain.class.getName(), kind.label()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            Workload workload = new Workload(kind, builder.start());
            workload.readOutput();
            return workload;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + kind.label() + " workload: " + command, e);
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Where this class came from (the lab jar, or a classes directory); the child needs nothing else. */
    private static String classPath() {
        CodeSource source = Workload.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            try {
                return Path.of(source.getLocation().toURI()).toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a file: fall back to our own class path, which holds this class too
            }
        }
        return System.getProperty("java.class.path");
    }

    private void readOutput() {
        Thread reader = new Thread(this::drainOutput, "workload-" + kind.label() + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Reads the child's output to its end, so it never blocks on a full pipe; keeps the last lines for errors. */
    private void drainOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!ready.isDone() && line.startsWith(WorkloadMain.READY)) {
                    ready.complete(WorkloadMain.port(line));
                } else {
                    remember(line);
                }
            }
        } catch (IOException e) {
            remember("(reading its output failed: " + e.getMessage() + ")");
        }
        ready.completeExceptionally(new IllegalStateException(
            "the " + kind.label() + " workload (pid " + process.pid() + ") exited before it was ready"
                + lastOutput()));
    }

    private void remember(String line) {
        synchronized (lastLines) {
            if (lastLines.size() == KEPT_LINES) {
                lastLines.removeFirst();
            }
            lastLines.addLast(line);
        }
    }

    private String lastOutput() {
        synchronized (lastLines) {
            return lastLines.isEmpty() ? "" : "; its last output: " + String.join(" | ", lastLines);
        }
    }

    /**
     * Waits until the workload runs; returns at once when it already does.
     *
     * @param timeout how long to wait at most; not null
     * @return this
     * @throws IllegalStateException if the child exited or was not ready in time
     */
    public Workload waitReady(Duration timeout) {
        try {
            ready.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return this;
        } catch (ExecutionException e) {
            throw (IllegalStateException) e.getCause();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the " + kind.label() + " workload (pid " + process.pid()
                + ") was not ready within " + timeout.toMillis() + " ms" + lastOutput());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the " + kind.label() + " workload");
        }
    }

    /** Returns the kind, e.g. {@code gc-and-io}. */
    public String kind() {
        return kind.label();
    }

    /** Returns the child JVM's process id, to attach to. */
    public long pid() {
        return process.pid();
    }

    /**
     * Returns the TCP port the workload listens on (on 127.0.0.1).
     *
     * @throws IllegalStateException if this kind listens on none (only http-service does), or it is not ready
     */
    public int port() {
        if (!kind.listens()) {
            throw new IllegalStateException("the " + kind.label() + " workload listens on no port; http-service does");
        }
        return waitReady(Duration.ZERO).ready.join();
    }

    /** Returns whether the child JVM still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the child JVM (SIGTERM, then SIGKILL after 5 s) and waits for it; does nothing the second time. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.toHandle().destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Workload[" + kind.label() + " pid=" + process.pid()
            + (kind.listens() && ready.isDone() && !ready.isCompletedExceptionally() ? " port=" + ready.join() : "")
            + (process.isAlive() ? "" : " exited") + "]";
    }
}
