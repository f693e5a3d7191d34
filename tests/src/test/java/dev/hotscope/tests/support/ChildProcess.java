package dev.hotscope.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A started process with its stdout and stderr collected, destroyed on {@link #close()}: first
 * politely (SIGTERM), then forcibly.
 *
 * <p>SIGTERM goes through {@link ProcessHandle#destroy()}, not {@link Process#destroy()}: the
 * latter also closes our end of the child's stdout, so a child that prints on its way out (bpftrace
 * prints its maps) dies of SIGPIPE.
 */
public final class ChildProcess implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Process process;
    private final OutputLines stdout;
    private final OutputLines stderr;

    private ChildProcess(String name, List<String> command, Process process) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.stdout = OutputLines.collect(process.getInputStream(), name + "-stdout");
        this.stderr = OutputLines.collect(process.getErrorStream(), name + "-stderr");
    }

    /**
     * Starts a process.
     *
     * @param name a short name for messages, e.g. "bpftrace"
     * @param command the command line
     * @param environment variables to add
     * @return the running process
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        try {
            return new ChildProcess(name, List.copyOf(command), builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** The underlying process, for writing to its stdin. */
    public Process process() {
        return process;
    }

    /** Standard output, line by line. */
    public OutputLines stdout() {
        return stdout;
    }

    /** Standard error, line by line. */
    public OutputLines stderr() {
        return stderr;
    }

    /** Whether it still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the process to exit and its output to be read.
     *
     * @param timeout the bound
     * @return the exit code
     * @throws AssertionError if it is still running after the timeout
     * @throws InterruptedException if interrupted
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout.toSeconds() + " s\n" + describe());
        }
        stdout.awaitEnd(Timeouts.EXIT);
        stderr.awaitEnd(Timeouts.EXIT);
        return process.exitValue();
    }

    /**
     * Asks the process to stop (SIGTERM) and waits for it.
     *
     * @return the exit code
     * @throws InterruptedException if interrupted
     */
    public int terminate() throws InterruptedException {
        process.toHandle().destroy();
        return awaitExit(Timeouts.EXIT);
    }

    /** Name, pid, state, command and the tail of both streams: what a failure message needs. */
    public String describe() {
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return "--- " + name + " (pid " + process.pid() + ", " + state + "): " + String.join(" ", command)
            + "\n--- " + name + " stdout:\n" + stdout.tail() + "--- " + name + " stderr:\n" + stderr.tail();
    }

    /** Stops the process if it still runs: SIGTERM, then SIGKILL after a bounded wait. Never throws. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.toHandle().destroy();
        try {
            if (!process.waitFor(Timeouts.EXIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(Timeouts.EXIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
