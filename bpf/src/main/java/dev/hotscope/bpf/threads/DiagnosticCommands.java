package dev.hotscope.bpf.threads;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Runs HotSpot diagnostic commands ({@code Thread.print}, {@code Compiler.perfmap}, ...) on a JVM:
 * in-process through the DiagnosticCommand MBean when the target is the current JVM, otherwise by
 * running {@code jcmd}. Stateless and thread-safe.
 */
public final class DiagnosticCommands {
    /** How long {@link #execute(long, String)} waits for jcmd. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final String MBEAN = "com.sun.management:type=DiagnosticCommand";

    private DiagnosticCommands() {}

    /**
     * Runs a diagnostic command with the default timeout.
     *
     * @param pid the target JVM
     * @param command the command, e.g. {@code Thread.print}; not null
     * @return the command's output, without jcmd's leading {@code PID:} line; never null
     * @throws IOException if the command cannot be run or fails (no jcmd, attach refused, timeout)
     */
    public static String execute(long pid, String command) throws IOException {
        return execute(pid, command, DEFAULT_TIMEOUT);
    }

    /**
     * Runs a diagnostic command.
     *
     * @param pid the target JVM; the current process runs the command in-process
     * @param command the command, e.g. {@code Thread.print}; not null
     * @param timeout how long to wait for jcmd; not null
     * @return the command's output, without jcmd's leading {@code PID:} line; never null
     * @throws IOException if the command cannot be run or fails (no jcmd, attach refused, timeout)
     */
    public static String execute(long pid, String command, Duration timeout) throws IOException {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        if (pid == ProcessHandle.current().pid()) {
            return executeInProcess(command);
        }
        if (!isHotSpot(pid)) {
            // jcmd would signal the process with SIGQUIT to start an attach listener: fatal to non-JVMs
            throw new IOException("cannot run " + command + " on pid " + pid + ": it is not a running HotSpot JVM"
                + " (no libjvm.so mapped)");
        }
        Path jcmd = findJcmd(pid).orElseThrow(() -> new IOException(
            "cannot run " + command + " on pid " + pid + ": no jcmd next to its java, in JAVA_HOME, java.home or PATH"));
        return runJcmd(jcmd, pid, command, timeout);
    }

    /**
     * Runs a diagnostic command in the current JVM through the DiagnosticCommand MBean.
     *
     * @param command the command, e.g. {@code Compiler.perfmap}; not null
     * @return the command's output; never null
     * @throws IOException if the MBean is missing or the command fails
     */
    public static String executeInProcess(String command) throws IOException {
        Objects.requireNonNull(command, "command");
        try {
            Object result = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(MBEAN),
                operationName(command), new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return result == null ? "" : result.toString();
        } catch (JMException | RuntimeException e) {
            throw new IOException("cannot run " + command + " in-process: " + e, e);
        }
    }

    /**
     * Finds a {@code jcmd} to talk to a JVM: next to the target's {@code java} executable, else in
     * {@code $JAVA_HOME/bin}, this JVM's {@code java.home/bin}, or on {@code $PATH}.
     *
     * @param pid the target process
     * @return the jcmd executable, or empty if none is found
     */
    public static Optional<Path> findJcmd(long pid) {
        List<Path> candidates = new ArrayList<>();
        try {
            Path exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe"));
            if (exe.getParent() != null) {
                candidates.add(exe.getParent().resolve("jcmd"));
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not readable: fall through to this JVM's own jcmd
        }
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isEmpty()) {
            candidates.add(Path.of(javaHome, "bin", "jcmd"));
        }
        candidates.add(Path.of(System.getProperty("java.home"), "bin", "jcmd"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "jcmd"));
                }
            }
        }
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /**
     * Tells whether a process is a HotSpot JVM, i.e. maps {@code libjvm.so}.
     *
     * @param pid the process
     * @return true if it is; false if not, or if it does not exist or its maps are unreadable
     */
    public static boolean isHotSpot(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            return true;
        }
        try (var lines = Files.lines(Path.of("/proc", Long.toString(pid), "maps"), StandardCharsets.UTF_8)) {
            return lines.anyMatch(l -> l.endsWith("/libjvm.so"));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** {@code Thread.print} becomes {@code threadPrint}, {@code GC.class_histogram} {@code gcClassHistogram}. */
    static String operationName(String command) {
        StringBuilder out = new StringBuilder(command.length());
        boolean first = true;
        boolean upper = false;
        for (char c : command.toCharArray()) {
            if (c == '.' || c == '_') {
                first = false;
                upper = true;
            } else if (first) {
                out.append(Character.toLowerCase(c));
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static String runJcmd(Path jcmd, long pid, String command, Duration timeout) throws IOException {
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output), "hotscope-jcmd-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(jcmd + " " + pid + " " + command + " did not finish within " + timeout);
            }
            reader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(jcmd + " " + pid + " " + command + " was interrupted", e);
        }
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8);
        }
        if (process.exitValue() != 0 || text.contains("AttachNotSupportedException")
            || text.startsWith("Exception") || text.contains("\nException in thread")) {
            throw new IOException(jcmd + " " + pid + " " + command + " failed (exit " + process.exitValue() + "): "
                + lastLine(text));
        }
        return stripPidLine(text, pid);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[16384];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the process ended; keep what was read
        }
    }

    private static String stripPidLine(String text, long pid) {
        String first = pid + ":";
        if (text.startsWith(first)) {
            int nl = text.indexOf('\n');
            return nl < 0 ? "" : text.substring(nl + 1);
        }
        return text;
    }

    /** The line naming the exception if there is one, else the last line. */
    private static String lastLine(String text) {
        String last = "no output";
        for (String line : text.strip().split("\n")) {
            if (line.contains("Exception:") && !line.startsWith("\tat ")) {
                return line.strip();
            }
            if (!line.isBlank()) {
                last = line.strip();
            }
        }
        return last;
    }
}
