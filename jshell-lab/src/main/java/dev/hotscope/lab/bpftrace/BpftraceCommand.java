package dev.hotscope.lab.bpftrace;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** Finds bpftrace, checks it can run here, and builds its command line. */
final class BpftraceCommand {
    /** Where Debian's bpftrace package puts it, for a JVM whose PATH lacks /usr/bin. */
    private static final List<Path> USUAL_PLACES = List.of(Path.of("/usr/bin/bpftrace"), Path.of("/usr/sbin/bpftrace"),
        Path.of("/usr/local/bin/bpftrace"));
    private static final Path TIMEOUT = Path.of("/usr/bin/timeout");
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    /** How much later than the limit timeout(1) stops bpftrace itself, should this JVM not do it. */
    private static final Duration BACKSTOP = Duration.ofSeconds(10);

    private BpftraceCommand() {}

    /**
     * Returns the command line: {@code bpftrace -f json [-p PID] -e SCRIPT [PID]} inside {@code setpriv} and
     * {@code timeout} (each left out if missing). setpriv makes the kernel send SIGINT when the thread that
     * started it ends (with this JVM, say), timeout sends it {@link #BACKSTOP} after the limit (never with
     * no limit), and it forwards both to bpftrace; without them a JVM that dies leaves bpftrace running.
     *
     * @param limit null for none
     * @throws IllegalStateException if bpftrace is missing or this JVM is not root
     */
    static List<String> of(String script, OptionalLong pid, Duration limit) {
        Path bpftrace = locate().orElseThrow(() -> new IllegalStateException("bpftrace is not installed (not on the"
            + " PATH nor in /usr/bin): install the bpftrace package (bin/setup does it as root)"));
        requireRoot();
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETPRIV)) {
            command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "INT"));
        }
        if (Files.isExecutable(TIMEOUT)) {
            // timeout(1) takes 0 as "no timeout", and still forwards SIGINT to bpftrace.
            long seconds = limit == null ? 0 : BpftraceProcess.saturatedNanos(limit) / 1_000_000_000L + BACKSTOP.toSeconds();
            command.addAll(List.of(TIMEOUT.toString(), "-s", "INT", "-k", BpftraceProcess.EXIT_GRACE.toSeconds() + "s",
                seconds + "s"));
        }
        command.addAll(List.of(bpftrace.toString(), "-f", "json"));
        pid.ifPresent(p -> command.addAll(List.of("-p", Long.toString(p))));
        command.addAll(List.of("-e", script));
        pid.ifPresent(p -> command.add(Long.toString(p)));
        return command;
    }

    /**
     * Returns bpftrace's stderr without the RLIMIT_MEMLOCK complaint 0.17 prints on every run when it cannot
     * raise the limit, which does not matter on kernels that charge BPF memory to the cgroup (5.11+).
     */
    static List<String> withoutNoise(List<String> stderr) {
        return stderr.stream().filter(l -> !l.contains("RLIMIT_MEMLOCK") && !l.isBlank()).collect(Collectors.toList());
    }

    static Optional<Path> locate() {
        String path = System.getenv().getOrDefault("PATH", "");
        List<Path> candidates = new ArrayList<>();
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "bpftrace"));
            }
        }
        candidates.addAll(USUAL_PLACES);
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    private static void requireRoot() {
        long uid = effectiveUid();
        if (uid != 0) {
            throw new IllegalStateException("bpftrace needs root, but this JVM runs as uid " + uid
                + ": start the lab as root (sudo bin/hotscope lab)");
        }
    }

    /** The effective uid, from /proc/self/status ("Uid: real effective saved fs"). */
    static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot tell whether this JVM is root: /proc/self/status: " + e.getMessage(), e);
        }
        throw new IllegalStateException("cannot tell whether this JVM is root: /proc/self/status has no Uid line");
    }
}
