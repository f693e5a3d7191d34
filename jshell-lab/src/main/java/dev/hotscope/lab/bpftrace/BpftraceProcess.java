package dev.hotscope.lab.bpftrace;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One bpftrace child process, run until it exits by itself, its time is up or the calling thread is
 * interrupted. Stopping is bpftrace's Ctrl-C: SIGINT, after which it prints its maps and exits; it is
 * killed if it has not exited {@link #EXIT_GRACE} later. Its stdout lines are handed to the parser on
 * the calling thread (so live output appears where the caller prints), never from a reader thread.
 */
final class BpftraceProcess {
    /** How long bpftrace gets to print its maps and exit after SIGINT (attaching and detaching many probes is slow). */
    static final Duration EXIT_GRACE = Duration.ofSeconds(5);
    /** How long a killed process gets to be reaped, and its readers to see the end of their pipes. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    /** Marks the end of stdout in the queue; compared by identity. */
    private static final String END = new String("end of stdout");

    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    private final Thread stderrReader;
    private boolean stdoutEnded;
    private boolean signalled;
    private boolean killed;
    private boolean interrupted;

    private BpftraceProcess(Process process) {
        this.process = process;
        start("bpftrace stdout " + process.pid(), process.getInputStream(), stdout::add, () -> stdout.add(END));
        this.stderrReader = start("bpftrace stderr " + process.pid(), process.getErrorStream(), stderr::add, () -> {});
    }

    /**
     * Starts the command and follows it to the end.
     *
     * @param limit when to stop it; null for never (it exits by itself or the thread is interrupted)
     * @throws UncheckedIOException if the command cannot be started
     */
    static Outcome run(List<String> command, Duration limit, OutputParser parser) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(new File("/dev/null")).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        BpftraceProcess run = new BpftraceProcess(process);
        try {
            run.follow(limit, parser);
        } finally {
            run.endProcess();
            if (run.interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        parser.finish();
        return run.outcome();
    }

    private void follow(Duration limit, OutputParser parser) {
        long wakeAt = System.nanoTime() + (limit == null ? Long.MAX_VALUE / 2 : saturatedNanos(limit));
        while (true) {
            String line;
            try {
                line = stdout.poll(Math.max(0, wakeAt - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                line = null;
            }
            if (line == END) {
                stdoutEnded = true;
                return;
            }
            if (line != null) {
                parser.accept(line);
            } else if (!signalled) {
                signalInterrupt();
                wakeAt = System.nanoTime() + EXIT_GRACE.toNanos();
            } else {
                // A second Ctrl-C, or bpftrace did not finish after the first (or a child of it holds stdout).
                kill();
                drainInto(parser);
                return;
            }
        }
    }

    private void drainInto(OutputParser parser) {
        long until = System.nanoTime() + KILL_GRACE.toNanos();
        for (String line; System.nanoTime() - until < 0; ) {
            try {
                line = stdout.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                return;
            }
            if (line == null || line == END) {
                return;
            }
            parser.accept(line);
        }
    }

    /** Makes sure the process is gone, whatever happened on the way (an exception from a live consumer too). */
    private void endProcess() {
        // bpftrace that closed its stdout is exiting by itself; otherwise the caller gave up on it (an exception).
        if (!signalled && !(stdoutEnded && awaitExit(KILL_GRACE))) {
            signalInterrupt();
        }
        if (!awaitExit(EXIT_GRACE)) {
            kill();
            awaitExit(KILL_GRACE);
        }
        awaitReader(stderrReader);
    }

    private boolean awaitExit(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return process.waitFor(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                if (!killed) {
                    kill();
                }
            }
        }
    }

    private void awaitReader(Thread reader) {
        try {
            reader.join(KILL_GRACE.toMillis());
        } catch (InterruptedException e) {
            interrupted = true;
        }
    }

    /** Sends SIGINT (through kill(1): Java has no other way to send it); SIGTERM if that fails, which bpftrace treats alike. */
    private void signalInterrupt() {
        signalled = true;
        try {
            Process kill = new ProcessBuilder("kill", "-s", "INT", Long.toString(process.pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (kill.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS) && kill.exitValue() == 0) {
                return;
            }
            kill.destroyForcibly();
        } catch (IOException e) {
            // fall through to SIGTERM
        } catch (InterruptedException e) {
            interrupted = true;
        }
        process.destroy();
    }

    /** Kills bpftrace and the timeout(1) around it; bpftrace first, as it would outlive its parent. */
    private void kill() {
        killed = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private Outcome outcome() {
        int exitCode = process.isAlive() ? -1 : process.exitValue();
        List<String> errors;
        synchronized (stderr) {
            errors = List.copyOf(stderr);
        }
        return new Outcome(exitCode, errors, signalled, killed, interrupted);
    }

    private static Thread start(String name, InputStream in, Consumer<String> sink, Runnable atEnd) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                sink.accept("reading bpftrace's output failed: " + e.getMessage());
            } finally {
                atEnd.run();
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /**
     * How the process ended.
     *
     * @param exitCode its exit code; -1 if it could not be reaped
     * @param stderr what it wrote to stderr
     * @param stopped whether it was sent SIGINT (time up, interrupt) rather than exiting by itself
     * @param killed whether it had to be killed
     * @param interrupted whether the calling thread was interrupted (its flag is set again)
     */
    record Outcome(int exitCode, List<String> stderr, boolean stopped, boolean killed, boolean interrupted) {}
}
