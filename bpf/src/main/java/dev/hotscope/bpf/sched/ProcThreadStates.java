package dev.hotscope.bpf.sched;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Scheduler states of a process's threads from {@code /proc/PID/task/TID/stat}. */
final class ProcThreadStates {
    private ProcThreadStates() {}

    /**
     * The threads waiting now: state {@code S} (sleeping) or {@code D} (blocked).
     *
     * @return tid to reason; empty if the process is gone
     */
    static Map<Long, OffCpuReason> waitingThreads(long pid) {
        Map<Long, OffCpuReason> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir(pid))) {
            for (Path task : tasks) {
                long tid = parseTid(task);
                OffCpuReason reason = tid < 0 ? null : reasonOf(state(task));
                if (reason != null) {
                    out.put(tid, reason);
                }
            }
        } catch (IOException e) {
            // The process exited: nothing waits any more.
        }
        return out;
    }

    /** Whether {@code tid} is a live thread of process {@code pid}. */
    static boolean isThreadOf(long pid, long tid) {
        return tid > 0 && Files.isDirectory(taskDir(pid).resolve(Long.toString(tid)));
    }

    private static OffCpuReason reasonOf(char state) {
        switch (state) {
            case 'S':
                return OffCpuReason.SLEEPING;
            case 'D':
                return OffCpuReason.BLOCKED;
            default:
                return null;
        }
    }

    /** The state letter after the parenthesised command name, which may itself hold spaces and parentheses. */
    private static char state(Path task) {
        try {
            String stat = new String(Files.readAllBytes(task.resolve("stat")), StandardCharsets.UTF_8);
            int close = stat.lastIndexOf(')');
            return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
        } catch (IOException e) {
            return '?'; // the thread exited
        }
    }

    private static long parseTid(Path task) {
        try {
            return Long.parseLong(task.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Path taskDir(long pid) {
        return Path.of("/proc", Long.toString(pid), "task");
    }
}
