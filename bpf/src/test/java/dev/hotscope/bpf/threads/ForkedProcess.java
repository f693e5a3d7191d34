package dev.hotscope.bpf.threads;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process for tests: its stdout is read line by line in the background, its stdin takes
 * commands, and {@link #close()} kills it (and only it) and removes its perf map.
 */
public final class ForkedProcess implements AutoCloseable {
    public static final Path JDK17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    public static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private final Process process;
    private final Writer stdin;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private ForkedProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "forked-process-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts any command. */
    public static ForkedProcess start(List<String> command) throws IOException {
        return new ForkedProcess(command);
    }

    /**
     * Starts {@code /usr/bin/python3 -u -c script} and waits for the script's first line, {@code READY};
     * the test is skipped (one line) where python3 is not installed.
     */
    public static ForkedProcess python(String script) throws IOException, InterruptedException {
        dev.hotscope.bpf.BpfAssumptions.assumeThat(Files.isExecutable(PYTHON), PYTHON + " is not installed");
        ForkedProcess process = new ForkedProcess(List.of(PYTHON.toString(), "-u", "-c", script));
        String ready = process.readLine(Duration.ofSeconds(30));
        if (!"READY".equals(ready)) {
            try {
                process.close();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            throw new AssertionError("python said '" + ready + "' instead of READY");
        }
        return process;
    }

    /** Starts {@code jdk/bin/java [jvmArgs] -cp <test classes> mainClass}. */
    public static ForkedProcess java(Path jdk, Class<?> mainClass, String... jvmArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(jdk.resolve("bin/java").toString());
        command.addAll(List.of(jvmArgs));
        command.add("-cp");
        command.add(classpathOf(mainClass));
        command.add(mainClass.getName());
        return new ForkedProcess(command);
    }

    /** Whether a JDK is installed here. */
    public static boolean installed(Path jdk) {
        return Files.isExecutable(jdk.resolve("bin/java"));
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the next line of output. */
    public String readLine(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no output within " + timeout + " from pid " + pid() + " (alive: "
                + process.isAlive() + "); seen so far: " + seen);
        }
        seen.add(line);
        return line;
    }

    /** Reads lines until one equals {@code marker}; returns the lines before it. */
    public List<String> readUntil(String marker, Duration timeout) throws InterruptedException {
        List<String> before = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = readLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line.equals(marker)) {
                return before;
            }
            before.add(line);
        }
    }

    /** Sends a line to the process's stdin. */
    public void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(Path.of("/tmp/perf-" + process.pid() + ".map"));
    }

    private static String classpathOf(Class<?> c) {
        try {
            return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
