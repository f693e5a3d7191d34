package dev.hotscope.bench.overhead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** CPU time and memory of a process from {@code /proc}, the way {@code top} and {@code ps} see them. */
final class ProcStats {
    /**
     * Threads that belong to an observer rather than the application: hotscope's, JFR's and
     * async-profiler's (kernel thread names are cut at 15 characters).
     */
    static final Pattern TOOL_THREADS = Pattern.compile("^(hotscope|JFR |Async-profiler|async-profiler).*");

    private final long ticksPerSecond;

    ProcStats(long ticksPerSecond) {
        this.ticksPerSecond = ticksPerSecond;
    }

    /** What a process has used so far: its CPU time, and that of each of its observer threads by tid. */
    record Cpu(double seconds, Map<Integer, Double> toolThreads) {
        /** Seconds the observer threads used since {@code before} (threads started since count in full). */
        double toolSecondsSince(Cpu before) {
            double sum = 0;
            for (Map.Entry<Integer, Double> t : toolThreads.entrySet()) {
                sum += t.getValue() - before.toolThreads.getOrDefault(t.getKey(), 0.0);
            }
            return sum;
        }
    }

    /** The process's CPU time (user + system, all threads) and its observer threads' times. */
    Cpu cpu(long pid) throws IOException {
        double total = ticks(Path.of("/proc", Long.toString(pid), "stat")) / (double) ticksPerSecond;
        Map<Integer, Double> tools = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    if (TOOL_THREADS.matcher(comm).matches()) {
                        tools.put(Integer.parseInt(task.getFileName().toString()),
                            ticks(task.resolve("stat")) / (double) ticksPerSecond);
                    }
                } catch (IOException gone) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return new Cpu(total, tools);
    }

    /**
     * A size from {@code /proc/PID/status} in KiB.
     *
     * @param field e.g. {@code VmRSS} or {@code VmHWM}
     * @return the size, or -1 when the field is missing
     */
    static long statusKiB(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        return -1;
    }

    /** utime + stime of a stat file; the fields are counted after the command's closing parenthesis. */
    private static long ticks(Path stat) throws IOException {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The kernel's USER_HZ from {@code getconf CLK_TCK}; 100 (every Linux default) when that fails. */
    static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
