package dev.hotscope.bpf.syscalls;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The system call each thread of a process is blocked in now, from {@code /proc/PID/task/TID/syscall}
 * (its first field is the number, or {@code running}). This finds calls that began before tracing,
 * which no BPF program can have seen start.
 */
final class ProcSyscalls {
    private ProcSyscalls() {}

    /** tid → syscall number, for threads inside a system call now; empty if the process is gone. */
    static Map<Integer, Integer> blockedThreads(long pid) {
        Map<Integer, Integer> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                int nr = syscallOf(task.resolve("syscall"));
                if (nr >= 0) {
                    out.put(Integer.parseInt(task.getFileName().toString()), nr);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process or a thread went away while we looked: what was read is still right.
        }
        return out;
    }

    private static int syscallOf(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line = in.readLine();
            if (line == null) {
                return -1;
            }
            int space = line.indexOf(' ');
            String first = space < 0 ? line : line.substring(0, space);
            return first.chars().allMatch(Character::isDigit) && !first.isEmpty() ? Integer.parseInt(first) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
