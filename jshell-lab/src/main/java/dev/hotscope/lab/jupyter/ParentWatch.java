package dev.hotscope.lab.jupyter;

import java.util.Optional;

/**
 * Ends the kernel when the Jupyter process that started it is gone: a kernel left behind would keep
 * its tracers attached and its workloads running. Jupyter names itself in {@code JPY_PARENT_PID}.
 */
final class ParentWatch {
    private static final long POLL_MILLIS = 1000;

    private ParentWatch() {
    }

    /**
     * Starts watching, when the pid is known.
     *
     * @param parentPid the value of {@code JPY_PARENT_PID}; null or not a number: nothing to watch
     */
    static void start(String parentPid) {
        Optional<ProcessHandle> parent = parse(parentPid).flatMap(ProcessHandle::of);
        if (parent.isEmpty()) {
            return;
        }
        Thread watch = new Thread(() -> watch(parent.get()), "hotscope-kernel-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    static Optional<Long> parse(String pid) {
        try {
            return pid == null ? Optional.empty() : Optional.of(Long.parseLong(pid.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void watch(ProcessHandle parent) {
        try {
            while (parent.isAlive()) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            return;
        }
        System.err.println("hotscope kernel: Jupyter (pid " + parent.pid() + ") exited; exiting too");
        System.exit(0);
    }
}
