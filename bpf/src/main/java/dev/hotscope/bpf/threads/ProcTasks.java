package dev.hotscope.bpf.threads;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads a process's threads from {@code /proc/PID/task}. */
final class ProcTasks {
    private ProcTasks() {}

    /**
     * Lists the thread ids of a process, sorted.
     *
     * @throws NoSuchFileException if the process does not exist (any more)
     * @throws IOException if the task directory cannot be read
     */
    static long[] tids(long pid) throws IOException {
        long[] tids = new long[64];
        int n = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(taskDir(pid))) {
            for (Path p : dir) {
                try {
                    long tid = Long.parseLong(p.getFileName().toString());
                    if (n == tids.length) {
                        tids = Arrays.copyOf(tids, n * 2);
                    }
                    tids[n++] = tid;
                } catch (NumberFormatException e) {
                    // not a thread entry
                }
            }
        }
        long[] result = Arrays.copyOf(tids, n);
        Arrays.sort(result);
        return result;
    }

    /** The thread's {@code comm} without the trailing newline, or null if the thread is gone or unreadable. */
    static String comm(long pid, long tid) {
        try {
            byte[] bytes = Files.readAllBytes(taskDir(pid).resolve(Long.toString(tid)).resolve("comm"));
            int end = bytes.length;
            while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == 0)) {
                end--;
            }
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether {@code /proc/PID} exists. */
    static boolean exists(long pid) {
        return pid > 0 && Files.isDirectory(Path.of("/proc", Long.toString(pid)));
    }

    private static Path taskDir(long pid) {
        return Path.of("/proc", Long.toString(pid), "task");
    }
}
