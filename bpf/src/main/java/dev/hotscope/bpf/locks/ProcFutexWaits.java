package dev.hotscope.bpf.locks;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The futex waits threads of a process are blocked in now, from {@code /proc/PID/task/TID/syscall}
 * ({@code NR ARG0 ARG1 ...} in hex, or {@code running}). This finds waits that began before
 * tracing, which no BPF program can have seen start.
 */
final class ProcFutexWaits {
    private static final int SYS_FUTEX = 202;
    private static final int SYS_FUTEX_WAITV = 449;

    /** One blocked thread's futex address and op. */
    record Blocked(long uaddr, int op) {}

    private ProcFutexWaits() {}

    /** tid → its futex wait, for threads blocked in one now; empty if the process is gone. */
    static Map<Integer, Blocked> blockedThreads(long pid) {
        Map<Integer, Blocked> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                Blocked wait = waitOf(task.resolve("syscall"));
                if (wait != null) {
                    out.put(Integer.parseInt(task.getFileName().toString()), wait);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process or a thread went away while we looked: what was read is still right.
        }
        return out;
    }

    private static Blocked waitOf(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line = in.readLine();
            String[] fields = line == null ? new String[0] : line.split(" ");
            if (fields.length < 3 || !fields[0].chars().allMatch(Character::isDigit) || fields[0].isEmpty()) {
                return null;
            }
            int nr = Integer.parseInt(fields[0]);
            if (nr == SYS_FUTEX_WAITV) {
                return new Blocked(0, FutexOps.WAITV);
            }
            if (nr != SYS_FUTEX) {
                return null;
            }
            int op = (int) hex(fields[2]);
            return FutexOps.isWait(op) ? new Blocked(hex(fields[1]), op) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long hex(String field) {
        return Long.parseUnsignedLong(field.startsWith("0x") ? field.substring(2) : field, 16);
    }
}
