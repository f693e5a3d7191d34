package dev.hotscope.bpf;

import dev.hotscope.bpf.internal.BpfErrno;
import dev.hotscope.bpf.internal.KernelProbes;
import dev.hotscope.bpf.internal.Native;
import dev.hotscope.bpf.internal.ProcStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * What this process may do with BPF and what the running kernel supports, each with a one-line
 * explanation when missing. The cheap facts (privileges, BTF, libbpf, kprobes) are read when
 * {@link #current()} is called; {@link #hasFentry()} and {@link #supportsProgramType(int)} load a
 * tiny program once per JVM and are cached.
 */
public final class Capabilities {
    private static final int EPERM = 1;
    private static final int EOPNOTSUPP = 95;

    private final ProcStatus.Identity identity;
    private final boolean btf;
    private final boolean libbpf;
    private final boolean kprobes;
    private final boolean uprobes;

    private Capabilities(ProcStatus.Identity identity, boolean btf, boolean libbpf, boolean kprobes, boolean uprobes) {
        this.identity = identity;
        this.btf = btf;
        this.libbpf = libbpf;
        this.kprobes = kprobes;
        this.uprobes = uprobes;
    }

    /** The capabilities of this process on this kernel, read now. Never null; never throws. */
    public static Capabilities current() {
        return new Capabilities(ProcStatus.self(), KernelProbes.hasBtf(), Native.hasLibbpf(),
            KernelProbes.hasKprobes(), KernelProbes.hasUprobes());
    }

    /** Whether the effective uid is 0. */
    public boolean isRoot() {
        return identity.effectiveUid() == 0;
    }

    /** Whether CAP_BPF (39) is effective. */
    public boolean hasCapBpf() {
        return identity.has(ProcStatus.CAP_BPF);
    }

    /** Whether CAP_PERFMON (38) is effective. */
    public boolean hasCapPerfmon() {
        return identity.has(ProcStatus.CAP_PERFMON);
    }

    /** Whether CAP_SYS_ADMIN (21) is effective. */
    public boolean hasCapSysAdmin() {
        return identity.has(ProcStatus.CAP_SYS_ADMIN);
    }

    /**
     * Whether the process may load and attach tracing programs: CAP_SYS_ADMIN, or CAP_BPF with
     * CAP_PERFMON, in its effective set (root normally has all three; root with capabilities
     * dropped does not). True when the set cannot be read, so that the kernel decides.
     */
    public boolean canTrace() {
        return identity.effectiveUid() < 0 || hasCapSysAdmin() || hasCapBpf() && hasCapPerfmon();
    }

    /** Whether kernel BTF ({@code /sys/kernel/btf/vmlinux}) exists; CO-RE programs need it. */
    public boolean hasBtf() {
        return btf;
    }

    /** Whether the system libbpf ({@code libbpf.so.1}) loads. */
    public boolean hasLibbpf() {
        return libbpf;
    }

    /** libbpf's version, e.g. {@code v1.1}, or null when libbpf is missing. */
    public String libbpfVersion() {
        return libbpf ? Native.string(Native.libbpf().libbpf_version_string()) : null;
    }

    /** Whether kprobes exist (the kprobe PMU or tracefs {@code kprobe_events}). */
    public boolean hasKprobes() {
        return kprobes;
    }

    /** Whether uprobes (and so USDT probes) exist. */
    public boolean hasUprobes() {
        return uprobes;
    }

    /** Whether fentry/fexit programs attach here (probed once by loading one; false without privileges). */
    public boolean hasFentry() {
        return libbpf && KernelProbes.hasFentry();
    }

    /**
     * Why fentry/fexit programs do not attach here, in one line (e.g. {@code attaching an fentry
     * program failed: ENOTSUPP (524)}); "" when they do. Probed once, like {@link #hasFentry()}.
     */
    public String fentryProblem() {
        return libbpf ? KernelProbes.fentryProblem() : "no libbpf";
    }

    /**
     * Whether the kernel loads programs of a type ({@code enum bpf_prog_type}); unknown counts as yes.
     *
     * @param programType the type number, e.g. 2 for kprobe/uprobe, 5 for tracepoint
     * @return false only if libbpf's probe says the type is unsupported (or libbpf is missing)
     */
    public boolean supportsProgramType(int programType) {
        return libbpf && KernelProbes.supportsProgramType(programType);
    }

    /** One line per missing requirement for loading hotscope's programs; empty when all is well. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!canTrace()) {
            problems.add(permissionLine());
        }
        if (!libbpf) {
            problems.add("libbpf is missing: install the Debian package libbpf1");
        }
        if (!btf) {
            problems.add(btfLine());
        }
        if (!uprobes) {
            problems.add("uprobes are not available (kernel built without CONFIG_UPROBE_EVENTS): USDT probes cannot be traced");
        }
        return problems;
    }

    /**
     * Throws the specific exception for the first missing requirement, if any.
     *
     * @throws BpfPermissionException if the process lacks root or CAP_BPF+CAP_PERFMON
     * @throws LibbpfMissingException if libbpf cannot be loaded
     * @throws BpfUnsupportedException if the kernel has no BTF
     */
    public void require() {
        if (!canTrace()) {
            throw new BpfPermissionException(permissionLine(), 0);
        }
        if (!libbpf) {
            Native.libbpf(); // throws the LibbpfMissingException with the loader's reason
        }
        if (!btf) {
            throw new BpfUnsupportedException(btfLine(), 0);
        }
    }

    /**
     * Throws unless kprobes exist.
     *
     * @throws BpfUnsupportedException saying kprobes are not available and to use a tracepoint
     */
    public void requireKprobes() {
        if (!kprobes) {
            throw new BpfUnsupportedException("kprobes are not available on this kernel (built without CONFIG_KPROBES:"
                + " no /sys/bus/event_source/devices/kprobe, no tracefs kprobe_events): attach to a tracepoint"
                + " (e.g. syscalls:sys_enter_*, sched:*) or a raw tracepoint instead", EOPNOTSUPP);
        }
    }

    /**
     * Throws unless uprobes exist.
     *
     * @throws BpfUnsupportedException saying uprobes (and USDT) are not available
     */
    public void requireUprobes() {
        if (!uprobes) {
            throw new BpfUnsupportedException("uprobes are not available on this kernel (built without"
                + " CONFIG_UPROBE_EVENTS: no /sys/bus/event_source/devices/uprobe): uprobes and USDT probes cannot"
                + " be attached", EOPNOTSUPP);
        }
    }

    static BpfPermissionException permissionDenied(String what, int errno) {
        return new BpfPermissionException(what + ": " + BpfErrno.describe(errno == 0 ? EPERM : errno)
            + ": " + permissionLine(), errno == 0 ? EPERM : errno);
    }

    private static String permissionLine() {
        return "not root and missing CAP_BPF+CAP_PERFMON: run as root, or grant them"
            + " (setcap cap_bpf,cap_perfmon+ep on the java binary)";
    }

    private static String btfLine() {
        return "no kernel BTF (" + KernelProbes.btfPath() + " is missing): CO-RE programs need a kernel built with"
            + " CONFIG_DEBUG_INFO_BTF=y";
    }

    /** One line per fact, e.g. for a diagnostics command. */
    @Override
    public String toString() {
        return "root: " + isRoot() + ", CAP_BPF: " + hasCapBpf() + ", CAP_PERFMON: " + hasCapPerfmon()
            + ", CAP_SYS_ADMIN: " + hasCapSysAdmin() + "\nBTF: " + btf + "\nlibbpf: "
            + (libbpf ? libbpfVersion() : "missing") + "\nkprobes: " + kprobes + "\nuprobes: " + uprobes + "\nfentry: "
            + (hasFentry() ? "true" : "false (" + fentryProblem() + ")");
    }
}
