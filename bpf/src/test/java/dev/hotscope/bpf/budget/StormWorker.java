package dev.hotscope.bpf.budget;

import dev.hotscope.bpf.threads.ForkedProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A forked python3 that makes event storms on command, one per stdin line, and prints how many
 * operations it made: {@code getppid SECONDS} (getppid(2) in a loop, one syscall each),
 * {@code sleep SECONDS} (100 us sleeps: one off-CPU interval and one run-queue wait each),
 * {@code pingpong SECONDS} (two threads handing a condition back and forth: futex waits). Between
 * commands it blocks reading stdin, so the kernel's view of it stands still.
 */
final class StormWorker implements AutoCloseable {
    private static final String SCRIPT = String.join("\n",
        "import os, sys, time, threading",
        "def getppid(secs):",
        "    n = 0; end = time.monotonic() + secs",
        "    while time.monotonic() < end:",
        "        for _ in range(1000): os.getppid()",
        "        n += 1000",
        "    return n",
        "def sleep(secs):",
        "    n = 0; end = time.monotonic() + secs",
        "    while time.monotonic() < end:",
        "        time.sleep(0.0001); n += 1",
        "    return n",
        "def pingpong(secs):",
        "    c = threading.Condition(); turn = [0]; n = [0]; end = time.monotonic() + secs",
        "    def other():",
        "        with c:",
        "            while time.monotonic() < end:",
        "                if turn[0] == 1: turn[0] = 0; c.notify()",
        "                else: c.wait(0.05)",
        "    t = threading.Thread(target=other); t.start()",
        "    with c:",
        "        while time.monotonic() < end:",
        "            if turn[0] == 0: turn[0] = 1; n[0] += 1; c.notify()",
        "            else: c.wait(0.05)",
        "    t.join()",
        "    return n[0]",
        "print('READY', flush=True)",
        "for line in sys.stdin:",
        "    w = line.split()",
        "    if w: print(globals()[w[0]](float(w[1]))); print('DONE', flush=True)");

    private final ForkedProcess process;

    private StormWorker(ForkedProcess process) {
        this.process = process;
    }

    static StormWorker start() throws IOException, InterruptedException {
        return new StormWorker(ForkedProcess.python(SCRIPT));
    }

    long pid() {
        return process.pid();
    }

    /**
     * Runs one storm and waits for it, calling {@code meanwhile} every 50 ms (to drain a ring buffer).
     *
     * @return the operations the worker made
     */
    long run(String storm, double seconds, Runnable meanwhile) throws IOException, InterruptedException {
        process.send(storm + " " + seconds);
        Thread drainer = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                meanwhile.run();
            }
        }, "storm-drain");
        drainer.start();
        try {
            List<String> lines = process.readUntil("DONE", Duration.ofSeconds(60 + (long) seconds));
            return Long.parseLong(lines.get(lines.size() - 1).trim());
        } finally {
            drainer.interrupt();
            drainer.join();
        }
    }

    @Override
    public void close() throws Exception {
        process.close();
    }
}
