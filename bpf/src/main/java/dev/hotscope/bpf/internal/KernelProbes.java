package dev.hotscope.bpf.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the running kernel supports, found by looking at sysfs/tracefs or by loading tiny
 * programs. Results that need loading are cached for the life of the JVM.
 */
public final class KernelProbes {
    private KernelProbes() {}

    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_RAW_TRACEPOINT_OPEN = 17;
    private static final int BPF_PROG_TYPE_TRACING = 26;
    private static final int BPF_TRACE_FENTRY = 24;
    private static final int BTF_KIND_FUNC = 12;
    private static final int PROG_LOAD_ATTR_BYTES = 128;
    private static final int RAW_TP_ATTR_BYTES = 16;
    /** A kernel function that is in every kernel's BTF and cheap to trace for an instant. */
    private static final String FENTRY_TARGET = "vfs_read";

    private static final Map<Integer, Boolean> PROGRAM_TYPES = new ConcurrentHashMap<>();
    private static volatile String fentry;

    /** tracefs mount points, current first. */
    public static final Path[] TRACEFS = {Path.of("/sys/kernel/tracing"), Path.of("/sys/kernel/debug/tracing")};

    /** Whether kernel BTF is available ({@code /sys/kernel/btf/vmlinux}). */
    public static boolean hasBtf() {
        return Files.isReadable(btfPath());
    }

    /**
     * Where kernel BTF is read: {@code /sys/kernel/btf/vmlinux}, or {@code -Dhotscope.bpf.btf=PATH}
     * for kernels whose BTF lies elsewhere (the same override lets tests see a kernel without it).
     */
    public static Path btfPath() {
        return Path.of(System.getProperty("hotscope.bpf.btf", "/sys/kernel/btf/vmlinux"));
    }

    /** Whether the kernel has kprobes: the kprobe PMU or tracefs {@code kprobe_events}. */
    public static boolean hasKprobes() {
        if (Files.exists(Path.of("/sys/bus/event_source/devices/kprobe"))) {
            return true;
        }
        for (Path tracefs : TRACEFS) {
            if (Files.exists(tracefs.resolve("kprobe_events"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the kernel has uprobes: the uprobe PMU or tracefs {@code uprobe_events}. */
    public static boolean hasUprobes() {
        if (Files.exists(Path.of("/sys/bus/event_source/devices/uprobe"))) {
            return true;
        }
        for (Path tracefs : TRACEFS) {
            if (Files.exists(tracefs.resolve("uprobe_events"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the kernel can load programs of a type (libbpf_probe_bpf_prog_type). Unknown answers
     * (no privileges, a libbpf that cannot probe the type) count as supported, so that the real
     * load reports the real error.
     */
    public static boolean supportsProgramType(int type) {
        return PROGRAM_TYPES.computeIfAbsent(type, t -> {
            try {
                return Native.libbpf().libbpf_probe_bpf_prog_type(t, 0) != 0;
            } catch (RuntimeException e) {
                return true;
            }
        });
    }

    /**
     * Whether fentry programs attach: loads a two-instruction fentry program on
     * {@value #FENTRY_TARGET} and attaches it for an instant. Needs privileges; false without them.
     */
    public static boolean hasFentry() {
        return fentryProblem().isEmpty();
    }

    /** Why fentry programs do not attach here, e.g. {@code attach: ENOTSUPP (524)}; "" if they do. */
    public static String fentryProblem() {
        String known = fentry;
        if (known == null) {
            known = probeFentry();
            fentry = known;
        }
        return known;
    }

    private static String probeFentry() {
        if (!hasBtf()) {
            return "no kernel BTF";
        }
        if (!Native.hasLibbpf()) {
            return "no libbpf";
        }
        Libbpf libbpf = Native.libbpf();
        int btfId;
        LibbpfLog.Capture quiet = LibbpfLog.capture(); // keep libbpf's BTF messages out of sight
        try {
            long btf = libbpf.btf__load_vmlinux_btf();
            if (btf == 0) {
                return "kernel BTF unreadable: " + BpfErrno.describe(Native.libbpfErrno());
            }
            btfId = libbpf.btf__find_by_name_kind(btf, FENTRY_TARGET, BTF_KIND_FUNC);
            libbpf.btf__free(btf);
        } finally {
            quiet.close();
        }
        if (btfId <= 0) {
            return FENTRY_TARGET + " not in kernel BTF";
        }
        Sys sys = Native.sys();
        try (NativeMemory insns = NativeMemory.allocate(16, true);
             NativeMemory license = NativeMemory.string("GPL");
             NativeMemory attr = NativeMemory.allocate(PROG_LOAD_ATTR_BYTES, true)) {
            insns.putLong(0, 0xb7L);        // r0 = 0
            insns.putLong(8, 0x95L);        // exit
            attr.putInt(0, BPF_PROG_TYPE_TRACING);
            attr.putInt(4, 2);              // insn_cnt
            attr.putLong(8, insns.address());
            attr.putLong(16, license.address());
            byte[] name = "hs_fentry_probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            attr.put(48, name, 0, name.length);
            attr.putInt(68, BPF_TRACE_FENTRY);
            attr.putInt(108, btfId);        // attach_btf_id
            int prog = (int) sys.syscall(Sys.SYS_BPF, BPF_PROG_LOAD, attr.address(), PROG_LOAD_ATTR_BYTES, 0, 0, 0);
            if (prog < 0) {
                return "loading an fentry program failed: " + BpfErrno.describe(Native.sysErrno());
            }
            try (NativeMemory open = NativeMemory.allocate(RAW_TP_ATTR_BYTES, true)) {
                open.putInt(8, prog);       // name NULL: attach the tracing program to its target
                int link = (int) sys.syscall(Sys.SYS_BPF, BPF_RAW_TRACEPOINT_OPEN, open.address(), RAW_TP_ATTR_BYTES, 0, 0, 0);
                if (link >= 0) {
                    sys.close(link);
                    return "";
                }
                return "attaching an fentry program failed: " + BpfErrno.describe(Native.sysErrno());
            } finally {
                sys.close(prog);
            }
        }
    }

    /** The tracefs events directory, or null if tracefs is not mounted. */
    public static Path tracefsEvents() {
        for (Path tracefs : TRACEFS) {
            if (Files.isDirectory(tracefs.resolve("events"))) {
                return tracefs.resolve("events");
            }
        }
        return null;
    }
}
