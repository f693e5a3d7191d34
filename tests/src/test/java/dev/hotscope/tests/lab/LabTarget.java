package dev.hotscope.tests.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.JavaLaunchers;
import dev.hotscope.tests.support.Timeouts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A forked {@link LabWorkload} JVM, on JDK 25 where installed: its pid, its threads' tids, its commands. */
final class LabTarget implements AutoCloseable {
    /** The workload's flags: named JIT frames in stacks, HotSpot's monitor probes for locks(). */
    static final List<String> FLAGS = List.of("-XX:+PreserveFramePointer", "-XX:TieredStopAtLevel=1",
        "-XX:+DTraceMonitorProbes", "-XX:+UseG1GC", "-Xmx256m");

    private final ChildProcess process;
    private final long pid;

    private LabTarget(ChildProcess process) throws InterruptedException {
        this.process = process;
        String ready = process.stdout().next(Timeouts.JVM_START).filter(l -> l.startsWith("READY "))
            .orElseThrow(() -> new AssertionError("the workload never printed READY\n" + process.describe()));
        this.pid = Long.parseLong(ready.substring(6).trim());
    }

    /**
     * Starts the workload.
     *
     * @param dir a directory for its FIFO and fsync file
     */
    static LabTarget start(Path dir) throws InterruptedException {
        Path java = Files.isExecutable(JavaLaunchers.JDK_25) ? JavaLaunchers.JDK_25 : JavaLaunchers.current();
        List<String> command = new java.util.ArrayList<>(List.of(java.toString()));
        command.addAll(FLAGS);
        command.addAll(List.of("-cp", testClasses().toString(), LabWorkload.class.getName(), dir.toString()));
        return new LabTarget(ChildProcess.start("lab-workload", command, Map.of()));
    }

    long pid() {
        return pid;
    }

    ChildProcess process() {
        return process;
    }

    /** When a command ran, in CLOCK_MONOTONIC ns: the events it caused start in between. */
    record Window(long from, long to) {
        /** A Java expression over an Event {@code e} that is true for events starting in this window. */
        String contains() {
            return "e -> e.startNanos() >= " + from + "L && e.startNanos() <= " + to + "L";
        }
    }

    /**
     * Runs one command ({@code gc 3}, {@code fsync 5}, {@code spin 600}) and waits for it to finish.
     *
     * @return when it ran
     */
    Window run(String command) throws InterruptedException {
        try {
            OutputStream in = process.process().getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the workload's stdin is closed\n" + process.describe(), e);
        }
        long deadline = System.nanoTime() + Timeouts.REPLY.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = process.stdout().next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line.isPresent() && line.get().startsWith("DONE " + command + " ")) {
                String[] w = line.get().split(" ");
                return new Window(Long.parseLong(w[3]), Long.parseLong(w[4]));
            }
        }
        throw new AssertionError("the workload did not finish `" + command + "`\n" + process.describe());
    }

    /**
     * Returns the kernel id of the thread named {@code name} (Java names threads in the kernel too, cut to
     * 15 characters).
     */
    long tid(String name) {
        String comm = name.length() > 15 ? name.substring(0, 15) : name;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.filter(t -> comm.equals(readComm(t))).mapToLong(t -> Long.parseLong(t.getFileName().toString()))
                .findFirst().orElseThrow(() -> new AssertionError("the workload has no thread " + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readComm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.close();
    }

    static Path testClasses() {
        try {
            return Path.of(LabWorkload.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** dist/ of this worktree, where the build writes hotscope.jar and hotscope-lab.jar. */
    static Path dist() {
        Path dist = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("dist");
        assertThat(dist.resolve("hotscope-lab.jar")).as("build it: mvn -pl jshell-lab -am package -DskipTests")
            .isRegularFile();
        return dist;
    }
}
