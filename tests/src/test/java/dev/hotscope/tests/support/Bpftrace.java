package dev.hotscope.tests.support;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * bpftrace tracing one process with a script, as a second process. Strings are read up to
 * {@value #STRLEN} bytes ({@code BPFTRACE_STRLEN}, the most bpftrace 0.17 allows).
 */
public final class Bpftrace implements AutoCloseable {
    /** The longest string bpftrace 0.17 reads in one go. */
    public static final int STRLEN = 200;

    private final ChildProcess child;

    private Bpftrace(ChildProcess child) {
        this.child = child;
    }

    /**
     * Starts {@code bpftrace -p PID -e SCRIPT} and waits for {@code Attaching N probes...}, which it
     * prints once the script compiled, just before attaching.
     *
     * @param target the traced JVM; its failure messages will show bpftrace's output too
     * @param script the program
     * @return the running tracer
     * @throws InterruptedException if interrupted
     */
    public static Bpftrace attach(ForkedTarget target, String script) throws InterruptedException {
        return attach(target.pid(), script, target);
    }

    /**
     * Starts {@code bpftrace -p PID -e SCRIPT} and waits for {@code Attaching N probes...}.
     *
     * @param pid the traced process
     * @param script the program
     * @param target the forked target to report bpftrace's output with, or null
     * @return the running tracer
     * @throws InterruptedException if interrupted
     */
    public static Bpftrace attach(long pid, String script, ForkedTarget target) throws InterruptedException {
        ChildProcess child = ChildProcess.start("bpftrace",
            List.of("bpftrace", "-p", Long.toString(pid), "-e", script),
            Map.of("BPFTRACE_STRLEN", Integer.toString(STRLEN)));
        if (target != null) {
            target.alsoReport(child);
        }
        Bpftrace bpftrace = new Bpftrace(child);
        try {
            bpftrace.awaitLine(line -> line.startsWith("Attaching "), "'Attaching N probes...'");
        } catch (RuntimeException | Error e) {
            child.close();
            throw e;
        }
        return bpftrace;
    }

    /**
     * Lists the USDT probes bpftrace finds in a process: {@code bpftrace -l 'usdt:*' -p PID}.
     *
     * @param pid the process
     * @return the lines printed, e.g. {@code usdt:/proc/PID/root/tmp/x.so:provider:probe}
     * @throws InterruptedException if interrupted
     */
    public static List<String> listUsdt(long pid) throws InterruptedException {
        return Commands.run(List.of("bpftrace", "-l", "usdt:*", "-p", Long.toString(pid))).requireSuccess().stdout();
    }

    /** bpftrace's process. */
    public ChildProcess process() {
        return child;
    }

    /**
     * Waits for a line on bpftrace's standard output.
     *
     * @param wanted the test
     * @param what a description for the failure message
     * @return the line
     * @throws InterruptedException if interrupted
     */
    public String awaitLine(Predicate<String> wanted, String what) throws InterruptedException {
        Optional<String> line = child.stdout().await(wanted, Timeouts.BPFTRACE_START);
        if (line.isEmpty()) {
            throw new AssertionError("bpftrace did not print " + what + " within "
                + Timeouts.BPFTRACE_START.toSeconds() + " s\n" + child.describe());
        }
        return line.get();
    }

    /**
     * Waits for bpftrace to exit by itself (its script called {@code exit()}), and reads the maps it
     * printed.
     *
     * @return the maps
     * @throws InterruptedException if interrupted
     */
    public BpftraceMaps awaitExit() throws InterruptedException {
        return checked(child.awaitExit(Timeouts.EXIT));
    }

    /**
     * Stops bpftrace with SIGTERM, after which it detaches and prints its maps.
     *
     * @return the maps
     * @throws InterruptedException if interrupted
     */
    public BpftraceMaps stop() throws InterruptedException {
        return checked(child.terminate());
    }

    /** Kills bpftrace if it still runs. Never throws. */
    @Override
    public void close() {
        child.close();
    }

    private BpftraceMaps checked(int exitCode) {
        if (exitCode != 0) {
            throw new AssertionError("bpftrace exited with " + exitCode + "\n" + child.describe());
        }
        return BpftraceMaps.parse(child.stdout().all());
    }
}
