package dev.hotscope.bpf.probe;

import dev.hotscope.bpf.threads.ForkedProcess;
import java.io.IOException;
import java.time.Duration;

/**
 * A forked python3 that makes libc calls and syscalls on command, one per stdin line, then prints
 * DONE: {@code getppid N}, {@code getpgid ARG N}, {@code sleep SECONDS}, {@code open PATH}.
 * It runs its commands on its main thread, whose tid is its pid.
 */
final class PythonWorker implements AutoCloseable {
    private static final String SCRIPT = String.join("\n",
        "import os, sys, time",
        "print('READY', flush=True)",
        "for line in sys.stdin:",
        "    w = line.split()",
        "    if not w: continue",
        "    if w[0] == 'getppid':",
        "        for _ in range(int(w[1])): os.getppid()",
        "    elif w[0] == 'getpgid':",
        "        for _ in range(int(w[2])): os.getpgid(int(w[1]))",
        "    elif w[0] == 'sleep':",
        "        time.sleep(float(w[1]))",
        "    elif w[0] == 'open':",
        "        try: open(w[1]).close()",
        "        except OSError: pass",
        "    print('DONE', flush=True)");

    private final ForkedProcess process;

    private PythonWorker(ForkedProcess process) {
        this.process = process;
    }

    static PythonWorker start() throws IOException, InterruptedException {
        return new PythonWorker(ForkedProcess.python(SCRIPT));
    }

    long pid() {
        return process.pid();
    }

    /** Runs one command and waits for it. */
    void run(String command) throws IOException, InterruptedException {
        process.send(command);
        process.readUntil("DONE", Duration.ofSeconds(30));
    }

    @Override
    public void close() throws Exception {
        process.close();
    }
}
