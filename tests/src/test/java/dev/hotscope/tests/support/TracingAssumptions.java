package dev.hotscope.tests.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks that the machine can run a test, reporting anything missing through
 * {@link UnmetRequirement} (skip, or fail when {@code hotscope.requireBpf=true}).
 */
public final class TracingAssumptions {
    /** Where the kernel lists its perf event sources; {@code uprobe} must be among them. */
    static final Path UPROBE_PMU = Path.of("/sys/bus/event_source/devices/uprobe");
    /** Where tracefs is normally mounted. */
    public static final Path TRACEFS = Path.of("/sys/kernel/tracing");

    private TracingAssumptions() {}

    /** Requires root, the uprobe perf event source and {@code bpftrace} on the PATH. */
    public static void requireBpftrace() {
        requireRoot();
        if (!Files.isDirectory(UPROBE_PMU)) {
            UnmetRequirement.report("no uprobe PMU (" + UPROBE_PMU + " is missing): the kernel lacks CONFIG_UPROBE_EVENTS");
        }
        requireTool("bpftrace", "install bpftrace (apt-get install bpftrace)");
    }

    /** Requires the test JVM to run as root, as attaching BPF programs does. */
    public static void requireRoot() {
        long uid = currentUid();
        if (uid != 0) {
            UnmetRequirement.report("not root (uid " + uid + "): BPF tracing needs root");
        }
    }

    /**
     * Requires an executable on the PATH.
     *
     * @param name the command, e.g. {@code tplist-bpfcc}
     * @param howToGet advice for the skip message
     * @return its path
     */
    public static Path requireTool(String name, String howToGet) {
        Optional<Path> found = findOnPath(name);
        if (found.isEmpty()) {
            UnmetRequirement.report(name + " is not on the PATH: " + howToGet);
        }
        return found.orElseThrow();
    }

    /**
     * Requires tracefs mounted at {@code /sys/kernel/tracing} with its {@code uprobe_events} file.
     *
     * @return the {@code uprobe_events} file
     */
    public static Path requireTracefs() {
        Path uprobeEvents = TRACEFS.resolve("uprobe_events");
        if (!Files.isReadable(uprobeEvents)) {
            UnmetRequirement.report("tracefs is not mounted (" + uprobeEvents + " is missing):"
                + " run `mount -t tracefs nodev " + TRACEFS + "`");
        }
        return uprobeEvents;
    }

    /**
     * Requires a Java launcher to exist; JDKs are optional, so this always skips, never fails.
     *
     * @param java the launcher
     * @param what e.g. "JDK 25"
     */
    public static void requireJava(Path java, String what) {
        if (!Files.isExecutable(java)) {
            Assumptions.abort(what + " is not installed (" + java + " is missing)");
        }
    }

    static Optional<Path> findOnPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static long currentUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            UnmetRequirement.report("cannot tell whether this is root: /proc/self/status unreadable: " + e);
        }
        return -1;
    }
}
