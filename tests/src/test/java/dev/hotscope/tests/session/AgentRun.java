package dev.hotscope.tests.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.JavaLaunchers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** A forked {@link AgentWorkload} JVM, with the agent given by -javaagent or attached later. */
final class AgentRun implements AutoCloseable {
    static final Path DIST_JAR = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent()
        .resolve("dist/hotscope.jar");

    private final ChildProcess process;
    private final long pid;

    private AgentRun(ChildProcess process) throws InterruptedException {
        this.process = process;
        String ready = process.stdout().await(l -> l.startsWith("READY "), Duration.ofSeconds(60))
            .orElseThrow(() -> new AssertionError("the workload never got ready: " + process.describe()));
        this.pid = Long.parseLong(ready.substring(6).trim());
    }

    /**
     * Starts the workload.
     *
     * @param agentOptions null for no -javaagent, else the text after {@code =}
     * @param jvmFlags extra JVM flags before the main class
     * @param seconds how long the workload runs, 0 until {@link #close()}
     */
    static AgentRun start(String agentOptions, List<String> jvmFlags, long seconds, String... scenarios)
        throws InterruptedException {
        return start(JavaLaunchers.current(), agentOptions, jvmFlags, seconds, scenarios);
    }

    static AgentRun start(Path java, String agentOptions, List<String> jvmFlags, long seconds, String... scenarios)
        throws InterruptedException {
        assertThat(DIST_JAR).as("the agent jar; build it with mvn package").isRegularFile();
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        if (agentOptions != null) {
            command.add("-javaagent:" + DIST_JAR + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(testClasses().toString());
        command.add(AgentWorkload.class.getName());
        command.add(Long.toString(seconds));
        command.addAll(List.of(scenarios));
        return new AgentRun(ChildProcess.start("workload", command, Map.of()));
    }

    long pid() {
        return pid;
    }

    ChildProcess process() {
        return process;
    }

    /** Waits for the workload to exit by itself; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.awaitExit(timeout);
    }

    /** The agent's lines on the workload's stderr. */
    List<String> agentLines() {
        return process.stderr().all().stream().filter(l -> l.startsWith("hotscope: ")).collect(Collectors.toList());
    }

    @Override
    public void close() {
        process.close();
    }

    /** Where the workload's classes are: a directory of its own, so the agent jar is the only hotscope. */
    static Path testClasses() {
        try {
            return Path.of(AgentWorkload.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every event of a recording file. */
    static List<RecordedEvent> events(Path file) throws IOException {
        assertThat(file).as("the agent's recording").isRegularFile();
        assertThat(Files.size(file)).isPositive();
        return RecordingFile.readAllEvents(file);
    }

    /** The events of one type. */
    static List<RecordedEvent> ofType(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }
}
