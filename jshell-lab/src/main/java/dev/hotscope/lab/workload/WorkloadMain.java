package dev.hotscope.lab.workload;

import java.io.IOException;
import java.io.InputStream;

/**
 * The child JVM's entry point: {@code WorkloadMain KIND} starts the workload's threads, prints
 * {@value #READY} (with the port, if it listens) and runs until its stdin ends, which is when the
 * parent closes it or dies.
 */
final class WorkloadMain {
    static final String READY = "READY";

    private WorkloadMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: WorkloadMain KIND; KIND is one of " + Kind.labels());
            System.exit(2);
        }
        Kind kind = Kind.of(args[0]);
        int port = switch (kind) {
            case GC_AND_IO -> GcAndIo.start();
            case LOCK_CONTENTION -> LockContention.start();
            case HTTP_SERVICE -> HttpService.start();
        };
        System.out.println(READY + (kind.listens() ? " " + port : ""));
        System.out.flush();
        waitForParent(System.in);
        System.exit(0);
    }

    /** Returns the port in a ready line, or 0 when it names none. */
    static int port(String readyLine) {
        String rest = readyLine.substring(READY.length()).trim();
        return rest.isEmpty() ? 0 : Integer.parseInt(rest);
    }

    /** Blocks until the parent closes our stdin or dies (its end of the pipe closes either way). */
    private static void waitForParent(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // the parent sends nothing; anything it might is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as its end: the parent is gone
        }
    }

    /** Starts a named daemon thread running the task until the JVM exits. */
    static void startThread(String name, Loop task) {
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    task.once();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                System.err.println(name + " stopped: " + e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** One round of a workload thread's work. */
    @FunctionalInterface
    interface Loop {
        void once() throws Exception;
    }
}
