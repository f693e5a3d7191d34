package dev.hotscope.bench.usdt;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A bpftrace process attached to this JVM for the length of one benchmark trial. */
final class Bpftrace {
    /** Printed by BEGIN, which bpftrace runs only after every probe is attached. */
    private static final String READY = "hotscope-bench-attached";
    private static final Pattern COUNT = Pattern.compile("^@(\\w+): (\\d+)\\s*$");

    private final Process process;
    private final Path out;
    private final Path err;

    private Bpftrace(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Fails with the reason when this JVM cannot attach uprobes. */
    static void requireRoot() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                String euid = line.split("\\s+")[2];
                if (!euid.equals("0")) {
                    throw new IllegalStateException("EnabledProbeBenchmark needs root (bpftrace attaches uprobes); euid is " + euid);
                }
                return;
            }
        }
    }

    /** {@code $BPFTRACE}, else the first bpftrace on {@code $PATH}. */
    static String executable() {
        String explicit = System.getenv("BPFTRACE");
        if (explicit != null && !explicit.isEmpty()) {
            if (!new File(explicit).canExecute()) {
                throw new IllegalStateException("BPFTRACE=" + explicit + " is not executable");
            }
            return explicit;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            File f = new File(dir, "bpftrace");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        throw new IllegalStateException("bpftrace not found on PATH (apt-get install bpftrace, or set BPFTRACE)");
    }

    /**
     * Starts bpftrace on {@code pid} and returns once both bpftrace says it is attached and
     * {@code enabled} (the probes' semaphores) agrees; at most {@code hotscope.bench.attachTimeoutSec}
     * seconds (default 30).
     */
    static Bpftrace attach(long pid, String script, BooleanSupplier enabled) throws Exception {
        // Files, not pipes: nobody drains the pipes while JMH is measuring, and a full pipe would stall bpftrace.
        Path out = Files.createTempFile("hotscope-bpftrace-", ".out");
        Path err = Files.createTempFile("hotscope-bpftrace-", ".err");
        String program = "BEGIN { printf(\"" + READY + "\\n\"); } " + script;
        Process p = new ProcessBuilder(executable(), "-p", Long.toString(pid), "-e", program)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        Bpftrace b = new Bpftrace(p, out, err);
        long timeoutSec = Long.getLong("hotscope.bench.attachTimeoutSec", 30);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSec);
        while (true) {
            // The semaphore alone is not enough: bpftrace raises it before the BPF program is hooked up.
            if (enabled.getAsBoolean() && Files.readString(out).contains(READY)) {
                return b;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("bpftrace exited with " + p.exitValue() + " before attaching: "
                        + b.errors() + "\nprogram: " + program);
            }
            if (System.nanoTime() > deadline) {
                b.kill();
                throw new IllegalStateException("bpftrace did not attach within " + timeoutSec + " s: "
                        + b.errors() + "\nprogram: " + program);
            }
            Thread.sleep(10);
        }
    }

    /** Stops bpftrace the polite way, so it prints its maps, and returns {@code @name: N} counts. */
    Map<String, Long> stop() throws Exception {
        if (process.isAlive()) {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        }
        Map<String, Long> counts = new HashMap<>();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        for (String line : lines) {
            Matcher m = COUNT.matcher(line);
            if (m.matches()) {
                counts.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return counts;
    }

    private void kill() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private String errors() throws IOException {
        // bpftrace 0.17 may warn about RLIMIT_MEMLOCK even when it works; the real reason, if any, follows.
        String text = Files.readString(err).strip();
        return text.isEmpty() ? "(no stderr)" : text;
    }
}
