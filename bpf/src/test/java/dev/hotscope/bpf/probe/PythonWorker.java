package dev.hotscope.bpf.probe;

import dev.hotscope.bpf.BpfAssumptions;
import dev.hotscope.bpf.threads.ForkedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A forked python3 that makes libc calls and syscalls on command, one per stdin line, then prints
 * DONE: {@code getppid N}, {@code getpgid ARG N}, {@code sleep SECONDS}, {@code open PATH}.
 * It runs its commands on its main thread, whose tid is its pid.
 */
final class PythonWorker implements AutoCloseable {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
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
        BpfAssumptions.assumeThat(Files.isExecutable(PYTHON), PYTHON + " is not installed");
        ForkedProcess process = ForkedProcess.start(List.of(PYTHON.toString(), "-u", "-c", SCRIPT));
        String ready = process.readLine(Duration.ofSeconds(30));
        if (!ready.equals("READY")) {
            try {
                process.close();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            throw new AssertionError("python said '" + ready + "' instead of READY");
        }
        return new PythonWorker(process);
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
