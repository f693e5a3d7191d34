package dev.hotscope.bpf.symbols;

/** A JVM for JIT symbolization tests: prints {@code ready}, then runs {@link #spin} hot until stdin closes. */
public final class HotLoopTarget {
    static volatile long sink;

    private HotLoopTarget() {}

    public static void main(String[] args) throws Exception {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // wait for EOF: the test has gone
                }
            } catch (java.io.IOException e) {
                // exit below
            }
            System.exit(0);
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
        System.out.println("ready");
        System.out.flush();
        while (true) {
            sink += spin(10_000);
        }
    }

    static long spin(long n) {
        long s = 0;
        for (long i = 0; i < n; i++) {
            s += i * 31 ^ (s >>> 3);
        }
        return s;
    }
}
