package dev.hotscope.bpf.unwind;

/**
 * A JVM for unwinding tests: its thread "sleeper" calls {@link #sleepOnce} 20,000 times with 0 ms
 * (a sched_yield: warm-up, so that it is JIT-compiled), prints {@code ready}, then sleeps 5 ms at
 * a time (a futex wait each) until stdin closes.
 */
public final class SleeperTarget {
    static volatile long sleeps;

    private SleeperTarget() {}

    public static void main(String[] args) throws Exception {
        Thread sleeper = new Thread(SleeperTarget::loop, "sleeper");
        sleeper.setDaemon(true);
        sleeper.start();
        while (System.in.read() >= 0) {
            // wait for EOF: the test has gone
        }
        System.exit(0);
    }

    private static void loop() {
        for (int i = 0; i < 20_000; i++) {
            sleepOnce(0);
        }
        System.out.println("ready");
        System.out.flush();
        while (true) {
            sleepOnce(5);
        }
    }

    static void sleepOnce(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sleeps++;
    }
}
