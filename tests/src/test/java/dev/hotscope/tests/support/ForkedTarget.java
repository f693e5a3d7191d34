package dev.hotscope.tests.support;

import dev.hotscope.tests.target.ProbeTarget;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM running {@link ProbeTarget} with one scenario, driven by its one-line commands. Every
 * unexpected reply, or none, fails with both the target's output and that of any process
 * registered with {@link #alsoReport(ChildProcess)} (the tracer).
 */
public final class ForkedTarget implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("READY (\\d+) (\\S+)");
    private static final Pattern STATE = Pattern.compile("STATE \\S+ enabled=(true|false) semaphore=(\\d+)");

    private final ChildProcess child;
    private final Writer stdin;
    private final List<ChildProcess> alsoReported = new ArrayList<>();
    private long pid;
    private Path backingFile;

    private ForkedTarget(ChildProcess child) {
        this.child = child;
        this.stdin = new OutputStreamWriter(child.process().getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Starts a target on the test's own JVM.
     *
     * @param jvmOptions options before the main class, e.g. {@code -Dhotscope.usdt.site=nop1}
     * @param scenario the scenario name and parameters
     * @return the target, loaded and ready
     * @throws InterruptedException if interrupted
     */
    public static ForkedTarget start(List<String> jvmOptions, String... scenario) throws InterruptedException {
        return start(JavaLaunchers.current(), jvmOptions, scenario);
    }

    /**
     * Starts a target and waits for its {@code READY <pid> <path>} line.
     *
     * @param java the launcher
     * @param jvmOptions options before the main class
     * @param scenario the scenario name and parameters
     * @return the target, loaded and ready
     * @throws InterruptedException if interrupted
     */
    public static ForkedTarget start(Path java, List<String> jvmOptions, String... scenario) throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ProbeTarget.class.getName());
        command.addAll(List.of(scenario));
        ForkedTarget target = new ForkedTarget(ChildProcess.start("target", command, Map.of()));
        try {
            target.awaitReady();
        } catch (RuntimeException | Error e) {
            target.close();
            throw e;
        }
        return target;
    }

    /** The target's process id, as it reported it. */
    public long pid() {
        return pid;
    }

    /** The provider's backing file, as the target reported it. */
    public Path backingFile() {
        return backingFile;
    }

    /** The target's process, to check that it still runs. */
    public ChildProcess process() {
        return child;
    }

    /**
     * Adds a process whose output failure messages should show too.
     *
     * @param other e.g. the bpftrace tracing this target
     */
    public void alsoReport(ChildProcess other) {
        alsoReported.add(other);
    }

    /**
     * Sends a command and returns its one-line reply.
     *
     * @param command the command
     * @return the reply
     * @throws InterruptedException if interrupted
     */
    public String request(String command) throws InterruptedException {
        send(command);
        return nextReply(command);
    }

    /**
     * Waits until every named probe is enabled, i.e. the tracer raised their semaphores.
     *
     * @param probes probe names
     * @throws InterruptedException if interrupted
     */
    public void awaitEnabled(List<String> probes) throws InterruptedException {
        String command = "await-enabled " + String.join(" ", probes);
        String reply = request(command);
        if (!reply.equals("ENABLED")) {
            throw failure("'" + command + "' replied '" + reply + "': the tracer never raised every semaphore");
        }
    }

    /**
     * Waits until a probe's semaphore has a value (bounded by the target).
     *
     * @param probe the probe name
     * @param value the value wanted
     * @return the value when the wait ended: {@code value}, unless it timed out
     * @throws InterruptedException if interrupted
     */
    public int awaitSemaphore(String probe, int value) throws InterruptedException {
        String command = "await-semaphore " + probe + " " + value;
        String reply = request(command);
        String prefix = "SEMAPHORE " + probe + " ";
        if (!reply.startsWith(prefix)) {
            throw failure("'" + command + "' replied '" + reply + "'");
        }
        return Integer.parseInt(reply.substring(prefix.length()));
    }

    /**
     * The state of one probe.
     *
     * @param probe the probe name
     * @return enabled and semaphore value
     * @throws InterruptedException if interrupted
     */
    public ProbeState state(String probe) throws InterruptedException {
        String reply = request("state " + probe);
        Matcher m = STATE.matcher(reply);
        if (!m.matches()) {
            throw failure("'state " + probe + "' replied '" + reply + "'");
        }
        return new ProbeState(Boolean.parseBoolean(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * Starts firing {@code sync(n)} every few milliseconds, until the next command.
     *
     * @throws InterruptedException never, in practice
     */
    public void startSync() throws InterruptedException {
        send("sync");
    }

    /**
     * Fires the scenario's sequence, then {@code done()}.
     *
     * @return the scenario's report lines (without {@code FIRED})
     * @throws InterruptedException if interrupted
     */
    public List<String> fire() throws InterruptedException {
        send("fire");
        List<String> report = new ArrayList<>();
        for (String line = nextReply("fire"); !line.equals("FIRED"); line = nextReply("fire")) {
            if (line.startsWith("ERROR")) {
                throw failure("'fire' replied '" + line + "'");
            }
            report.add(line);
        }
        return report;
    }

    /**
     * Sends a command that must get exactly the given reply.
     *
     * @param command the command
     * @param expectedReply the reply
     * @throws InterruptedException if interrupted
     */
    public void requestExpecting(String command, String expectedReply) throws InterruptedException {
        String reply = request(command);
        if (!reply.equals(expectedReply)) {
            throw failure("'" + command + "' replied '" + reply + "', expected '" + expectedReply + "'");
        }
    }

    /**
     * An assertion error carrying the target's and the other processes' output.
     *
     * @param what what went wrong
     * @return the error, to throw
     */
    public AssertionError failure(String what) {
        StringBuilder message = new StringBuilder(what).append('\n').append(child.describe());
        for (ChildProcess other : alsoReported) {
            message.append('\n').append(other.describe());
        }
        return new AssertionError(message.toString());
    }

    /** Asks the target to exit, then makes sure it is gone. Never throws. */
    @Override
    public void close() {
        try {
            stdin.write("exit\n");
            stdin.close();
        } catch (IOException e) {
            // Already gone.
        }
        child.close();
    }

    private void awaitReady() throws InterruptedException {
        Optional<String> line = child.stdout().next(Timeouts.JVM_START);
        Matcher m = READY.matcher(line.orElse(""));
        if (!m.matches()) {
            throw failure("the target did not print READY <pid> <path> within " + Timeouts.JVM_START.toSeconds()
                + " s; first line: " + line.orElse("(none)"));
        }
        pid = Long.parseLong(m.group(1));
        backingFile = Path.of(m.group(2));
        if (pid != child.pid()) {
            throw failure("the target reported pid " + pid + " but runs as " + child.pid());
        }
    }

    private void send(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send '" + command + "' to the target:\n" + child.describe(), e);
        }
    }

    private String nextReply(String command) throws InterruptedException {
        Optional<String> reply = child.stdout().next(Timeouts.REPLY);
        if (reply.isEmpty()) {
            throw failure("no reply to '" + command + "' within " + Timeouts.REPLY.toSeconds() + " s");
        }
        return reply.get();
    }
}
