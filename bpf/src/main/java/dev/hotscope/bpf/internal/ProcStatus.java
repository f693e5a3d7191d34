package dev.hotscope.bpf.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The identity and capability lines of {@code /proc/self/status}. */
public final class ProcStatus {
    private ProcStatus() {}

    /** Capability bit numbers (include/uapi/linux/capability.h). */
    public static final int CAP_SYS_ADMIN = 21;
    public static final int CAP_PERFMON = 38;
    public static final int CAP_BPF = 39;

    /** The effective uid and capability set of this process. */
    public record Identity(long effectiveUid, long effectiveCapabilities) {
        /** Whether the effective capability set has that bit. */
        public boolean has(int capability) {
            return (effectiveCapabilities >>> capability & 1) != 0;
        }
    }

    /** Reads this process's identity; unknown values read as uid -1 and no capabilities. */
    public static Identity self() {
        long uid = -1;
        long caps = 0;
        try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/self/status"))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("Uid:")) {
                    String[] fields = line.substring(4).trim().split("\\s+");
                    if (fields.length > 1) {
                        uid = Long.parseLong(fields[1]);
                    }
                } else if (line.startsWith("CapEff:")) {
                    caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or procfs hidden: report no privileges.
        }
        return new Identity(uid, caps);
    }

    /** Whether a process exists (its {@code /proc/PID} directory does). */
    public static boolean processExists(long pid) {
        return pid > 0 && Files.isDirectory(Path.of("/proc", Long.toString(pid)));
    }
}
