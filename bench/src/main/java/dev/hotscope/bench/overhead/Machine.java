package dev.hotscope.bench.overhead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the report says about the machine and the software the numbers came from. */
record Machine(String kernel, String cpu, int cpus, long memoryMiB, String jdk, String wrk, boolean virtual) {

    static Machine describe(Tools tools) {
        String cpu = "?";
        boolean virtual = false;
        long mem = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (cpu.equals("?") && line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                }
                if (line.startsWith("flags") && line.contains(" hypervisor")) {
                    virtual = true;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    mem = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // the fields stay unknown
        }
        return new Machine(read("/proc/sys/kernel/osrelease"), cpu, Runtime.getRuntime().availableProcessors(), mem,
            firstLine(List.of(tools.java().toString(), "-version")), firstLine(List.of(tools.wrk().toString(), "-v")), virtual);
    }

    /** One line for the report: kernel, CPU, JDK, wrk. */
    String oneLine() {
        return String.format(Locale.ROOT, "Linux %s, %s (%d CPUs%s), %d MiB; %s; %s", kernel, cpu, cpus,
            virtual ? ", virtual machine" : "", memoryMiB, jdk, wrk);
    }

    /** {@code /proc/loadavg}'s three averages. */
    static String loadAverage() {
        String[] f = read("/proc/loadavg").split(" ");
        return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "?";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String firstLine(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            int nl = out.indexOf('\n');
            return nl < 0 ? out : out.substring(0, nl);
        } catch (IOException e) {
            return cmd.get(0) + " ?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return cmd.get(0) + " ?";
        }
    }
}
