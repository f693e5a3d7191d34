package dev.hotscope.javaagent.cli;

/** Process ids as operators type them, with the one-line errors every command gives. */
final class Pids {
    private Pids() {}

    /**
     * Parses the pid of a running process.
     *
     * @param text what was typed; not null
     * @return the pid
     * @throws IllegalArgumentException {@code 'x' is not a pid; …} or {@code no process with pid N; …}
     */
    static long parse(String text) {
        long pid;
        try {
            pid = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            pid = -1;
        }
        if (pid <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a pid; expected a positive integer process id");
        }
        if (ProcessHandle.of(pid).isEmpty()) {
            throw new IllegalArgumentException("no process with pid " + pid + "; expected the pid of a running process");
        }
        return pid;
    }
}
