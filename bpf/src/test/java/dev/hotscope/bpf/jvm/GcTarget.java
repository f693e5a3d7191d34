package dev.hotscope.bpf.jvm;

import dev.hotscope.bpf.threads.ForkedProcess;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A forked {@link GcWorkload} on G1 with a 64 MB heap, logging its pauses ({@code -Xlog:gc} with
 * the {@code timenanos} decorator: the JVM's CLOCK_MONOTONIC, the clock of the BPF records).
 */
final class GcTarget implements AutoCloseable {
    static final Path JDK17 = ForkedProcess.JDK17;
    static final Path JDK25 = ForkedProcess.JDK25;
    private static final Pattern PAUSE = Pattern.compile("\\[(\\d+)ns\\] GC\\(\\d+\\) (Pause .*) (\\d+\\.\\d+)ms");

    /** One pause line of the GC log. */
    record LoggedPause(long loggedNanos, String what, long durationNanos) {
        boolean full() {
            return what.startsWith("Pause Full");
        }
    }

    private final ForkedProcess process;
    private final Path log;

    private GcTarget(ForkedProcess process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Skips the test when the JDK is not installed here (JDKs are optional, BPF is not). */
    static void assumeInstalled(Path jdk) {
        Assumptions.assumeTrue(ForkedProcess.installed(jdk), jdk + " is not installed");
    }

    /**
     * Starts the workload and waits for it to be ready.
     *
     * @param jdk the JDK home
     * @param commandPrefix e.g. {@code taskset -c 0}, or empty
     */
    static GcTarget start(Path jdk, List<String> commandPrefix) throws IOException, InterruptedException {
        Path log = Files.createTempFile("hotscope-gc", ".log");
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(List.of(jdk.resolve("bin/java").toString(), "-XX:+UseG1GC", "-Xmx64m",
            "-Xlog:gc:file=" + log + ":timenanos", "-cp", classpath(), GcWorkload.class.getName()));
        ForkedProcess process = ForkedProcess.start(command);
        GcTarget target = new GcTarget(process, log);
        try {
            String ready = process.readLine(Duration.ofSeconds(30));
            if (!ready.startsWith("READY ")) {
                throw new AssertionError("workload said '" + ready + "' instead of READY");
            }
            return target;
        } catch (RuntimeException | Error | InterruptedException e) {
            target.close();
            throw e;
        }
    }

    long pid() {
        return process.pid();
    }

    /** Allocates for {@code millis} ms with {@code fullGcs} calls of System.gc(), and waits until done. */
    void churn(int millis, int fullGcs) throws IOException, InterruptedException {
        process.send("churn " + millis + " " + fullGcs);
        process.readUntil("DONE", Duration.ofSeconds(60));
    }

    /** The pauses the JVM logged, in log order. */
    List<LoggedPause> loggedPauses() throws IOException {
        List<LoggedPause> pauses = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = PAUSE.matcher(line);
            if (m.matches()) {
                pauses.add(new LoggedPause(Long.parseLong(m.group(1)), m.group(2),
                    Math.round(Double.parseDouble(m.group(3)) * 1_000_000)));
            }
        }
        return pauses;
    }

    @Override
    public void close() {
        try {
            process.close();
            Files.deleteIfExists(log);
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the GC workload", e);
        }
    }

    private static String classpath() {
        try {
            return new File(GcWorkload.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
