package dev.hotscope.lab.bpftrace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Runs a bpftrace script for a while and returns its maps as Java values: the lab's escape hatch when its
 * own sources do not cover a question.
 *
 * <p>The script runs as {@code bpftrace -f json [-p PID] -e SCRIPT [PID]}: with a pid, {@code -p} sets the
 * target of uprobes and USDT probes (and bpftrace ends when that process does), and the pid is also the
 * script's first positional parameter, so {@code /pid == $1/} filters other probes to it; without one,
 * {@code $1} is 0. bpftrace runs under {@code setpriv --pdeathsig INT timeout -s INT LIMIT}, so it is
 * stopped even if this JVM dies or does not stop it.
 *
 * <p>The run ends at the first of: the script calls {@code exit()} (or the {@code -p} process ends); the
 * limit passes; the calling thread is interrupted (the lab's Ctrl-C). In the last two cases bpftrace gets
 * SIGINT, as from Ctrl-C, prints its maps and exits; a bpftrace that does not exit within a few seconds is
 * killed (and its maps are lost, which the result's errors say). An interrupted run returns what was
 * collected and leaves the thread's interrupt flag set.
 */
public final class Bpftrace {
    private Bpftrace() {}

    /**
     * Runs a script, printing its output lines to {@code System.out} as they come.
     *
     * @see #run(String, OptionalLong, Duration, Consumer)
     */
    public static BpftraceResult run(String script, OptionalLong pid, Duration limit) {
        return run(script, pid, limit, line -> System.out.println(line));
    }

    /**
     * Runs a script until it exits, {@code limit} passes or the calling thread is interrupted.
     *
     * @param script a bpftrace program, e.g. {@code tracepoint:syscalls:sys_enter_read { @[comm] = count(); }};
     *     not null or blank
     * @param pid the process to target ({@code -p}, and {@code $1} in the script), or empty; not null
     * @param limit how long to run at most, positive; null to run until the script exits or the thread is
     *     interrupted
     * @param live receives each line the script prints ({@code printf}, {@code time}, {@code print}), on the
     *     calling thread, while it runs; not null
     * @return the maps, printed lines, exit code and bpftrace's complaints
     * @throws NullPointerException if script, pid or live is null
     * @throws IllegalArgumentException if the script is blank, the limit not positive, or the pid not a
     *     running process
     * @throws IllegalStateException if bpftrace is not installed or this JVM is not root
     * @throws BpftraceException if bpftrace rejected the script (syntax error, unknown probe, no probes)
     */
    public static BpftraceResult run(String script, OptionalLong pid, Duration limit, Consumer<String> live) {
        checkArguments(script, pid, limit, live);
        List<String> command = BpftraceCommand.of(script, pid, limit);
        OutputParser parser = new OutputParser(live);
        BpftraceProcess.Outcome outcome = BpftraceProcess.run(command, limit, parser);
        List<String> stderr = BpftraceCommand.withoutNoise(outcome.stderr());
        if (outcome.exitCode() != 0 && !parser.attached() && !outcome.stopped()) {
            throw Rejection.of(outcome.exitCode(), stderr, parser.problems());
        }
        return new BpftraceResult(parser.maps(), parser.printed(), outcome.exitCode(),
            errors(outcome, stderr, parser), parser.lost());
    }

    private static void checkArguments(String script, OptionalLong pid, Duration limit, Consumer<String> live) {
        Objects.requireNonNull(script, "script is null; pass a bpftrace program");
        Objects.requireNonNull(pid, "pid is null; pass OptionalLong.empty() for no target process");
        Objects.requireNonNull(live, "live is null; pass line -> {} to ignore printed lines");
        if (script.isBlank()) {
            throw new IllegalArgumentException("the script is empty; pass a bpftrace program,"
                + " e.g. \"tracepoint:syscalls:sys_enter_read { @[comm] = count(); }\"");
        }
        if (limit != null && (limit.isNegative() || limit.isZero())) {
            throw new IllegalArgumentException("limit must be positive, e.g. Duration.ofSeconds(10), or null for"
                + " no limit, not " + limit);
        }
        if (pid.isPresent() && !isRunning(pid.getAsLong())) {
            throw new IllegalArgumentException("process " + pid.getAsLong() + " is not running;"
                + " pass the pid of a live process (jps lists Java processes) or OptionalLong.empty()");
        }
    }

    private static boolean isRunning(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static List<String> errors(BpftraceProcess.Outcome outcome, List<String> stderr, OutputParser parser) {
        List<String> errors = new ArrayList<>(stderr);
        errors.addAll(parser.problems());
        if (outcome.killed()) {
            errors.add("bpftrace did not exit within " + BpftraceProcess.EXIT_GRACE.toSeconds()
                + " s of SIGINT and was killed; maps it had not printed are missing");
        }
        return errors;
    }
}
