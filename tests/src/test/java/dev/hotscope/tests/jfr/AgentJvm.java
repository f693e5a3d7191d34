package dev.hotscope.tests.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.Commands;
import dev.hotscope.tests.support.JavaLaunchers;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** A forked {@link JfrWorkload} JVM, with the agent given by -javaagent or none; stops when stdin closes. */
final class AgentJvm implements AutoCloseable {
    static final Path DIST_JAR = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent()
        .resolve("dist/hotscope.jar");
    static final Path JDK_BIN = JavaLaunchers.current().getParent();

    private final ChildProcess process;
    private final long pid;

    private AgentJvm(ChildProcess process) throws InterruptedException {
        this.process = process;
        String ready = process.stdout().await(l -> l.startsWith("READY "), Duration.ofSeconds(60))
            .orElseThrow(() -> new AssertionError("the workload never got ready: " + process.describe()));
        this.pid = Long.parseLong(ready.substring(6).trim());
    }

    /**
     * Starts the workload and waits for its threads to run.
     *
     * @param agentOptions the text after {@code -javaagent:hotscope.jar=}, or null for no agent
     * @param jvmFlags flags before the main class
     * @param workloadFlags {@code agent}, {@code stream}
     */
    static AgentJvm start(String agentOptions, List<String> jvmFlags, String... workloadFlags)
        throws InterruptedException {
        assertThat(DIST_JAR).as("the agent jar; build it with mvn -pl javaagent -am install").isRegularFile();
        List<String> command = new ArrayList<>();
        command.add(JavaLaunchers.current().toString());
        if (agentOptions != null) {
            command.add("-javaagent:" + DIST_JAR + "=" + agentOptions);
        }
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(testClasses().toString());
        command.add(JfrWorkload.class.getName());
        command.addAll(List.of(workloadFlags));
        return new AgentJvm(ChildProcess.start("jfr-workload", command, Map.of()));
    }

    long pid() {
        return pid;
    }

    ChildProcess process() {
        return process;
    }

    /** Waits for a line of the agent's (on stderr) or fails showing what the JVM printed. */
    String awaitAgentLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        Optional<String> line = process.stderr().await(l -> l.startsWith("hotscope: ") && wanted.test(l), timeout);
        return line.orElseThrow(() -> new AssertionError("no such line of the agent's: " + process.describe()));
    }

    /** Closes stdin: main returns and the JVM exits with the agent still running. Returns the exit code. */
    int exitNormally() throws InterruptedException, IOException {
        process.process().getOutputStream().close();
        return process.awaitExit(Duration.ofSeconds(60));
    }

    /** Runs {@code jcmd PID ARGS...}. */
    Commands.Result jcmd(String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(JDK_BIN.resolve("jcmd").toString(), Long.toString(pid)));
        command.addAll(List.of(args));
        return Commands.run(command);
    }

    @Override
    public void close() {
        process.close();
    }

    /** Where this package's classes are: a directory of its own, so the agent jar is the only hotscope. */
    static Path testClasses() {
        try {
            return Path.of(JfrWorkload.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
