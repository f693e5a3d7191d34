package dev.hotscope.bench.overhead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run: a fresh service JVM in one configuration, ready (and the tool started), warmed up with
 * wrk, then measured with wrk while its CPU time is read before and after, then stopped with
 * SIGTERM so that the tools write their recordings as they would on a normal shutdown.
 */
final class ServiceRun {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern EVENTS = Pattern.compile("; (\\d+) hotscope events on their threads");
    private static final Pattern LOST = Pattern.compile(": (\\d+) records lost \\(");
    private static final String MAIN = "dev.hotscope.bench.service.BenchService";

    private final Tools tools;
    private final RunSettings settings;
    private final ProcStats proc;
    private final MachineCpu machine;
    private final Path lua;

    ServiceRun(Tools tools, RunSettings settings, Path lua) {
        this.tools = tools;
        this.settings = settings;
        long hz = ProcStats.ticksPerSecond();
        this.proc = new ProcStats(hz);
        this.machine = new MachineCpu(hz);
        this.lua = lua;
    }

    /**
     * Runs one configuration once.
     *
     * @param round the round number, for the run directory's name
     * @throws IOException when the service, the tool or wrk fail; the message says which and where the logs are
     */
    RunResult execute(Config config, int round) throws IOException, InterruptedException {
        Path dir = settings.results().resolve(String.format("r%02d-%s", round, config.id()));
        Files.createDirectories(dir);
        Path recording = dir.resolve(config.id() + ".jfr");
        Path out = dir.resolve("service.out");
        Path err = dir.resolve("service.err");
        List<String> cmd = new ArrayList<>(pinned(settings.serviceCpus()));
        cmd.add(tools.java().toString());
        cmd.addAll(settings.baseJvmArgs());
        cmd.addAll(config.jvmArgs(tools, recording));
        cmd.addAll(List.of("-cp", tools.serviceClassPath(), MAIN, "--port", "0", "--dir", dir.resolve("io").toString(),
            "--threads", Integer.toString(settings.serviceThreads()), "--exit-on-eof"));
        Files.writeString(dir.resolve("command"), String.join(" ", cmd) + "\n");
        Process service = Children.track(new ProcessBuilder(cmd).directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(out.toFile()).redirectError(err.toFile()).start());
        try {
            Matcher ready = await(service, out, LISTENING, 60, "the service did not say it listens", err);
            int port = Integer.parseInt(ready.group(1));
            if (config.isHotscope()) {
                await(service, err, Pattern.compile("hotscope.*started in "), 120, "the agent did not say it started", err);
            }
            load(port, settings.warmupSeconds(), dir.resolve("wrk-warmup.out"));
            long pid = service.pid();
            ProcStats.Cpu before = proc.cpu(pid);
            double busyBefore = machine.busySeconds();
            double runnerBefore = machine.runnerAndReapedSeconds();
            long t0 = System.nanoTime();
            WrkResult wrk = load(port, settings.durationSeconds(), dir.resolve("wrk.out"));
            ProcStats.Cpu after = proc.cpu(pid);
            double window = (System.nanoTime() - t0) / 1e9;
            double jvm = after.seconds() - before.seconds();
            double other = machine.busySeconds() - busyBefore - jvm - (machine.runnerAndReapedSeconds() - runnerBefore);
            long rss = ProcStats.statusKiB(pid, "VmRSS");
            long hwm = ProcStats.statusKiB(pid, "VmHWM");
            stop(service, err);
            String log = Files.readString(err);
            long events = config.isHotscope() ? lastNumber(EVENTS, log) : -1;
            long lost = config.isHotscope() ? sum(LOST, log) : -1;
            if (!settings.keepRecordings()) {
                Files.deleteIfExists(recording);
            }
            return new RunResult(config, round, wrk, jvm, after.toolSecondsSince(before), Math.max(0, other), window,
                rss, hwm, events, lost);
        } finally {
            if (service.isAlive()) {
                service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            Children.done(service);
        }
    }

    private WrkResult load(int port, int seconds, Path log) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(pinned(settings.wrkCpus()));
        cmd.addAll(List.of(tools.wrk().toString(), "-t", Integer.toString(settings.wrkThreads()),
            "-c", Integer.toString(settings.connections()), "-d", seconds + "s", "--timeout", "10s",
            "-s", lua.toString(), "http://127.0.0.1:" + port + "/"));
        Process wrk = Children.track(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        try {
            if (!wrk.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                throw new IOException("wrk did not end within " + (seconds + 60) + " s; its output: " + log);
            }
            String output = Files.readString(log);
            if (wrk.exitValue() != 0) {
                throw new IOException("wrk failed (exit " + wrk.exitValue() + "): " + tail(output) + " (" + log + ")");
            }
            WrkResult r = WrkResult.parse(output);
            if (r.requests() == 0) {
                throw new IOException("wrk got no answer in " + seconds + " s; its output: " + log);
            }
            return r;
        } finally {
            if (wrk.isAlive()) {
                wrk.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Children.done(wrk);
        }
    }

    /** SIGTERM and the time a recording may take to be written; a JVM that will not end is killed and said so. */
    private static void stop(Process service, Path err) throws IOException, InterruptedException {
        service.destroy();
        if (!service.waitFor(180, TimeUnit.SECONDS)) {
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new IOException("the service did not end within 180 s of SIGTERM and was killed; its stderr: " + err);
        }
    }

    private static Matcher await(Process p, Path file, Pattern pattern, int seconds, String what, Path err)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(Files.readString(file));
            if (m.find()) {
                return m;
            }
            if (!p.isAlive()) {
                throw new IOException(what + ": the JVM exited with " + p.exitValue() + "; " + tail(Files.readString(err))
                    + " (" + err + ")");
            }
            Thread.sleep(50);
        }
        throw new IOException(what + " within " + seconds + " s; its stderr: " + err);
    }

    private static List<String> pinned(String cpus) {
        return cpus == null ? List.of() : List.of("taskset", "-c", cpus);
    }

    private static long lastNumber(Pattern p, String text) {
        long n = -1;
        for (Matcher m = p.matcher(text); m.find(); ) {
            n = Long.parseLong(m.group(1));
        }
        return n;
    }

    private static long sum(Pattern p, String text) {
        long n = 0;
        for (Matcher m = p.matcher(text); m.find(); ) {
            n += Long.parseLong(m.group(1));
        }
        return n;
    }

    private static String tail(String text) {
        String t = text.strip();
        int from = t.lastIndexOf('\n', Math.max(0, t.length() - 400));
        return (from < 0 ? t : t.substring(from + 1)).replace('\n', ' ');
    }
}
