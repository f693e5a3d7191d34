package dev.hotscope.javaagent.cli;

import dev.hotscope.usdt.ArgType;
import dev.hotscope.usdt.Probe;
import dev.hotscope.usdt.Provider;
import dev.hotscope.usdt.Usdt;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hotscope demo}: this JVM declares USDT probes at run time, bpftrace traces them from a
 * second process, and the demo prints what bpftrace saw beside what was fired.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Declare USDT probes in this JVM at run time, fire them, and show what bpftrace,"
        + " tracing from a second process, saw; then trace this JVM's own system calls with hotscope's"
        + " BPF engine. Needs root (or CAP_BPF+CAP_PERFMON) and bpftrace."})
public final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    private static final String PROVIDER = "hotscope_demo";
    private static final long ATTACH_TIMEOUT_MS = 30_000;
    /**
     * Printed by the script's BEGIN block. bpftrace raises the semaphore before its programs are
     * attached, so {@code isEnabled()} alone could let the first events pass unseen; BEGIN runs once
     * every probe is attached.
     */
    private static final String ATTACHED = "hotscope-demo: bpftrace attached";
    /**
     * bpftrace 0.17 prints this on every start on kernels that account BPF memory by cgroup
     * (5.11+), where RLIMIT_MEMLOCK no longer matters; it is noise, not a failure.
     */
    private static final String BPFTRACE_MEMLOCK_NOISE = "ERROR: Unknown error -1: couldn't set RLIMIT_MEMLOCK";

    @Spec
    private CommandSpec spec;

    @Option(names = "--recording", defaultValue = "hotscope-demo.jfr", paramLabel = "FILE",
        description = "Where the agent part writes its recording (default ${DEFAULT-VALUE}).")
    private String recording;

    @Option(names = "--requests", defaultValue = "12", description = "Simulated requests to fire (1-1000, default ${DEFAULT-VALUE}).")
    private int requests;

    @Option(names = "--bpftrace", defaultValue = "bpftrace", description = "The bpftrace command (default ${DEFAULT-VALUE}).")
    private String bpftrace;

    /**
     * Runs the demo.
     *
     * @return 0 when bpftrace saw every fired probe, 1 when it did not or could not run
     * @throws Exception never on purpose; picocli prints anything unexpected
     */
    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (requests < 1 || requests > 1000) {
            err.println("hotscope demo: --requests " + requests + " is out of range: use 1 to 1000");
            return 2;
        }
        try (Provider provider = Usdt.provider(PROVIDER)) {
            Probe start = provider.probe("request__start", ArgType.INT64, ArgType.STRING);
            Probe done = provider.probe("request__done", ArgType.INT64, ArgType.INT32, ArgType.INT64);
            Probe end = provider.probe("demo__end");
            provider.load();
            out.printf("1. Declared %d probes in provider %s, site %s, backed by%n   %s%n",
                provider.probes().size(), PROVIDER, provider.site(), provider.path());
            for (Probe p : provider.probes()) {
                out.printf("   %s:%s  args: %s%n", PROVIDER, p.name(), p.argSpec().isEmpty() ? "(none)" : p.argSpec());
            }
            out.printf("2. Semaphore of request__start before tracing: %d%n", start.semaphoreValue());
            Process tracer = startBpftrace(provider, err);
            if (tracer == null) {
                return 1;
            }
            List<String> seen = new ArrayList<>();
            Thread reader = readLines(tracer, seen);
            if (!awaitAttached(start, tracer, seen)) {
                tracer.destroyForcibly();
                reader.join(2000);
                err.println("hotscope demo: bpftrace did not attach within " + ATTACH_TIMEOUT_MS / 1000 + " s; it said:");
                seen.forEach(line -> err.println("   bpftrace | " + line));
                return 1;
            }
            out.printf("3. bpftrace (pid %d) attached; semaphore while traced: %d%n", tracer.pid(), start.semaphoreValue());
            List<String> fired = fireRequests(start, done);
            end.fire();
            boolean exited = tracer.waitFor(20, TimeUnit.SECONDS);
            if (!exited) {
                tracer.destroyForcibly();
            }
            reader.join(5000);
            out.printf("4. Fired %d requests; bpftrace printed:%n", requests);
            synchronized (seen) {
                seen.forEach(line -> out.println("   bpftrace | " + line));
            }
            waitForSemaphoreToDrop(start);
            out.printf("5. Semaphore after bpftrace exited: %d%n", start.semaphoreValue());
            long matched = fired.stream().filter(seen::contains).count();
            out.printf("Result: bpftrace saw %d of %d fired events exactly as fired.%n", matched, fired.size());
            out.flush();
            boolean syscallsShown = new SyscallDemo(out, err).run();
            boolean agentShown = new AgentDemo(out, err).run(Path.of(recording));
            return matched == fired.size() && syscallsShown && agentShown ? 0 : 1;
        }
    }

    private Process startBpftrace(Provider provider, PrintWriter err) {
        String path = provider.path().toString();
        String script = ""
            + "BEGIN { printf(\"" + ATTACHED + "\\n\"); }\n"
            + "usdt:" + path + ":" + PROVIDER + ":request__start { printf(\"start id=%d path=%s\\n\", arg0, str(arg1)); }\n"
            + "usdt:" + path + ":" + PROVIDER + ":request__done { printf(\"done  id=%d status=%d micros=%d\\n\", arg0, arg1, arg2);"
            + " @latency_us = hist(arg2); }\n"
            + "usdt:" + path + ":" + PROVIDER + ":demo__end { exit(); }\n";
        try {
            return new ProcessBuilder(bpftrace, "-p", Long.toString(ProcessHandle.current().pid()), "-e", script)
                .redirectErrorStream(true).start();
        } catch (IOException e) {
            err.println("hotscope demo: cannot run '" + bpftrace + "': " + e.getMessage()
                + " (install it with: apt-get install bpftrace, or run bin/setup)");
            return null;
        }
    }

    private static Thread readLines(Process process, List<String> sink) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith(BPFTRACE_MEMLOCK_NOISE)) {
                        continue;
                    }
                    synchronized (sink) {
                        sink.add(line);
                    }
                }
            } catch (IOException e) {
                // The process ended; what was read is kept.
            }
        }, "hotscope-demo-bpftrace-reader");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static boolean awaitAttached(Probe probe, Process tracer, List<String> seen) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ATTACH_TIMEOUT_MS;
        while (!probe.isEnabled() || !contains(seen, ATTACHED)) {
            if (!tracer.isAlive() || System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static boolean contains(List<String> lines, String line) {
        synchronized (lines) {
            return lines.contains(line);
        }
    }

    private List<String> fireRequests(Probe start, Probe done) throws InterruptedException {
        String[] paths = {"GET /orders", "POST /orders", "GET /users/42", "GET /health"};
        List<String> fired = new ArrayList<>();
        for (int id = 1; id <= requests; id++) {
            String path = paths[id % paths.length];
            long began = System.nanoTime();
            start.fire(id, path);
            Thread.sleep(id % 4 + 1);
            int status = id % 5 == 0 ? 503 : 200;
            long micros = (System.nanoTime() - began) / 1000;
            done.fire(id, status, micros);
            fired.add("start id=" + id + " path=" + path);
            fired.add("done  id=" + id + " status=" + status + " micros=" + micros);
        }
        return fired;
    }

    private static void waitForSemaphoreToDrop(Probe probe) throws InterruptedException {
        for (int i = 0; i < 100 && probe.isEnabled(); i++) {
            Thread.sleep(20);
        }
    }
}
