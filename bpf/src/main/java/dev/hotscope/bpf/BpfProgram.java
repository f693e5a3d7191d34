package dev.hotscope.bpf;

import dev.hotscope.bpf.internal.Libbpf;
import dev.hotscope.bpf.internal.Native;
import dev.hotscope.bpf.internal.NativeMemory;
import dev.hotscope.bpf.internal.ProcStatus;
import dev.hotscope.bpf.internal.UsdtAttach;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One program of a {@link BpfObject}. Every {@code attach…} method needs the object loaded and
 * returns a {@link BpfLink}; the object's {@link BpfObject#close()} destroys links not closed before.
 */
public final class BpfProgram {
    private static final int ESRCH = 3;
    private static final int ENOENT = 2;

    private final BpfObject owner;
    private final long pointer;
    private final String name;
    private final int type;

    BpfProgram(BpfObject owner, long pointer, String name, int type) {
        this.owner = owner;
        this.pointer = pointer;
        this.name = name;
        this.type = type;
    }

    long pointer() {
        return pointer;
    }

    /** The program's name (its C function's name). */
    public String name() {
        return name;
    }

    /** The program type, an {@code enum bpf_prog_type} value (e.g. 5 for tracepoint). */
    public int type() {
        return type;
    }

    /** The program type's libbpf name, e.g. {@code tracepoint}, or {@code type N} if libbpf has none. */
    public String typeName() {
        String s = Native.string(Native.libbpf().libbpf_bpf_prog_type_str(type));
        return s != null ? s : "type " + type;
    }

    /**
     * Whether {@link BpfObject#load()} loads (or loaded) this program; true unless set otherwise.
     *
     * @throws IllegalStateException if the object is closed
     */
    public boolean autoload() {
        return owner.read("autoload()", () -> Native.libbpf().bpf_program__autoload(pointer));
    }

    /**
     * Chooses whether {@link BpfObject#load()} loads this program; a program left out cannot be attached.
     *
     * @param load whether to load it
     * @throws IllegalStateException if the object is loaded or closed
     */
    public void setAutoload(boolean load) {
        owner.configure("setAutoload()", () -> Native.libbpf().bpf_program__set_autoload(pointer, load));
    }

    /**
     * The program's file descriptor, owned by the object (do not close it).
     *
     * @return the fd, or -1 if not loaded (or closed)
     */
    public int fd() {
        try {
            return owner.read("fd()", () -> owner.isLoaded() ? Native.libbpf().bpf_program__fd(pointer) : -1);
        } catch (IllegalStateException closed) {
            return -1;
        }
    }

    /**
     * The kernel's id for the loaded program, as {@code bpftool prog show} lists it.
     *
     * @return the id, or -1 if not loaded
     */
    public long id() {
        // Under the object's read lock, so a concurrent close() cannot let the fd number be reused.
        return owner.read("id()", () -> owner.isLoaded()
            ? dev.hotscope.bpf.internal.ObjectIds.idOf(Native.libbpf().bpf_program__fd(pointer)) : -1L);
    }

    /**
     * Attaches to a tracepoint, e.g. {@code ("sched", "sched_process_exit")}.
     *
     * @param category the tracepoint's category (directory under tracefs {@code events/}); not null or empty
     * @param tracepoint the tracepoint's name; not null or empty
     * @return the link
     * @throws BpfAttachException with errno if the kernel refuses (ENOENT: no such tracepoint)
     * @throws IllegalStateException if the object is not loaded
     * @throws IllegalArgumentException if a name is empty or contains '/'
     */
    public BpfLink attachTracepoint(String category, String tracepoint) {
        requireName("category", category);
        requireName("tracepoint", tracepoint);
        Libbpf libbpf = Native.libbpf();
        return owner.attach(this, "tracepoint " + category + ":" + tracepoint, () -> attached(
            libbpf.bpf_program__attach_tracepoint(pointer, category, tracepoint)));
    }

    /**
     * Attaches to a raw tracepoint, e.g. {@code sys_enter}.
     *
     * @param tracepoint the raw tracepoint's name; not null or empty
     * @return the link
     * @throws BpfAttachException with errno if the kernel refuses
     * @throws IllegalStateException if the object is not loaded
     * @throws IllegalArgumentException if the name is empty or contains '/'
     */
    public BpfLink attachRawTracepoint(String tracepoint) {
        requireName("tracepoint", tracepoint);
        Libbpf libbpf = Native.libbpf();
        return owner.attach(this, "raw tracepoint " + tracepoint, () -> attached(
            libbpf.bpf_program__attach_raw_tracepoint(pointer, tracepoint)));
    }

    /**
     * Attaches a uprobe (or uretprobe) to a function of an ELF file.
     *
     * @param pid the process to trace, -1 for every process mapping the file, 0 for this process
     * @param binary the executable or shared library; not null
     * @param symbol the function's ELF symbol name, or null to use {@code offset} as a file offset
     * @param offset with a symbol: the offset into the function (0 for its entry); without: the file offset
     * @param retprobe whether to fire on return instead of entry
     * @return the link
     * @throws TargetGoneException if {@code pid} names a process that does not exist
     * @throws BpfAttachException with errno if the symbol is not found or the kernel refuses
     * @throws BpfUnsupportedException if the kernel has no uprobes
     * @throws IllegalStateException if the object is not loaded
     * @throws IllegalArgumentException if pid is below -1 or too large, or offset is negative
     * @throws NullPointerException if binary is null
     */
    public BpfLink attachUprobe(long pid, Path binary, String symbol, long offset, boolean retprobe) {
        Objects.requireNonNull(binary, "binary");
        int nativePid = checkPid(pid);
        if (offset < 0) {
            throw new IllegalArgumentException("uprobe offset must not be negative: " + offset);
        }
        Capabilities.current().requireUprobes();
        String what = (retprobe ? "uretprobe " : "uprobe ") + binary + ":"
            + (symbol != null ? symbol + (offset != 0 ? "+0x" + Long.toHexString(offset) : "") : "0x" + Long.toHexString(offset))
            + pidSuffix(pid);
        Libbpf libbpf = Native.libbpf();
        BpfLink link = attachToProcess(pid, what, () -> {
            try (NativeMemory function = symbol == null ? null : NativeMemory.string(symbol);
                 NativeMemory opts = NativeMemory.allocate(40, true)) {
                opts.putLong(0, 40);                              // sz
                opts.putByte(24, (byte) (retprobe ? 1 : 0));      // retprobe
                opts.putLong(32, function == null ? 0 : function.address()); // func_name
                return attached(libbpf.bpf_program__attach_uprobe_opts(pointer, nativePid, binary.toString(), offset,
                    opts.address()));
            }
        });
        return link;
    }

    /**
     * Attaches to a USDT probe: a HotSpot probe in {@code libjvm.so}, one of an application, or a
     * hotscope dynamic probe (libbpf reads the probe notes from the file at {@code binary}).
     *
     * @param pid the process to trace, -1 for every process mapping the file, 0 for this process
     * @param binary the file holding the probe's note; not null
     * @param provider the provider, e.g. {@code hotspot}; not null
     * @param probe the probe's name, e.g. {@code thread__start}; not null
     * @param cookie a value the program reads with {@code bpf_usdt_cookie()}
     * @return the link; while it exists the probe's semaphore, if any, is raised
     * @throws TargetGoneException if {@code pid} names a process that does not exist
     * @throws BpfAttachException with errno if the probe is not found or the kernel refuses
     * @throws BpfUnsupportedException if the kernel has no uprobes
     * @throws IllegalStateException if the object is not loaded
     * @throws NullPointerException if binary, provider or probe is null
     */
    public BpfLink attachUsdt(long pid, Path binary, String provider, String probe, long cookie) {
        Objects.requireNonNull(binary, "binary");
        requireName("provider", provider);
        requireName("probe", probe);
        int nativePid = checkPid(pid);
        Capabilities.current().requireUprobes();
        String what = "USDT " + provider + ":" + probe + " in " + binary + pidSuffix(pid);
        return attachToProcess(pid, what, () -> {
            try (NativeMemory path = NativeMemory.string(binary.toString());
                 NativeMemory providerName = NativeMemory.string(provider);
                 NativeMemory probeName = NativeMemory.string(probe);
                 NativeMemory opts = NativeMemory.allocate(16, true)) {
                opts.putLong(0, 16);        // sz
                opts.putLong(8, cookie);    // usdt_cookie
                UsdtAttach.Result result = UsdtAttach.attach(pointer, nativePid, path.address(), providerName.address(),
                    probeName.address(), opts.address());
                return new BpfObject.Attached(result.link(), result.errno());
            }
        });
    }

    /**
     * Attaches to an open perf event (e.g. from {@link PerfEvent#openCpuClock}); the link takes
     * ownership of the fd and closes it when destroyed (on failure the fd stays the caller's).
     *
     * @param perfFd the perf event's fd, not negative
     * @return the link
     * @throws BpfAttachException with errno if the kernel refuses
     * @throws IllegalStateException if the object is not loaded
     * @throws IllegalArgumentException if the fd is negative
     */
    public BpfLink attachPerfEvent(int perfFd) {
        if (perfFd < 0) {
            throw new IllegalArgumentException("perf event fd must not be negative: " + perfFd);
        }
        Libbpf libbpf = Native.libbpf();
        return owner.attach(this, "perf event fd " + perfFd, () -> attached(
            libbpf.bpf_program__attach_perf_event(pointer, perfFd)));
    }

    /**
     * Attaches to a perf event, which hands its fd to the link.
     *
     * @param event the event, open and not yet attached; not null
     * @return the link
     * @throws BpfAttachException with errno if the kernel refuses (the event stays open and the caller's)
     * @throws IllegalStateException if the object is not loaded or the event is closed or attached
     */
    public BpfLink attachPerfEvent(PerfEvent event) {
        Objects.requireNonNull(event, "event");
        synchronized (event) {
            BpfLink link = attachPerfEvent(event.fd());
            event.handedOver();
            return link;
        }
    }

    /**
     * Attaches a kprobe (or kretprobe) to a kernel function.
     *
     * @param function the kernel function; not null or empty
     * @param retprobe whether to fire on return
     * @return the link
     * @throws BpfUnsupportedException if the kernel has no kprobes (then use a tracepoint)
     * @throws BpfAttachException with errno if the kernel refuses
     * @throws IllegalStateException if the object is not loaded
     */
    public BpfLink attachKprobe(String function, boolean retprobe) {
        requireName("function", function);
        Capabilities.current().requireKprobes();
        Libbpf libbpf = Native.libbpf();
        return owner.attach(this, (retprobe ? "kretprobe " : "kprobe ") + function, () -> attached(
            libbpf.bpf_program__attach_kprobe(pointer, retprobe, function)));
    }

    private BpfLink attachToProcess(long pid, String what, java.util.function.Supplier<BpfObject.Attached> call) {
        if (pid > 0 && !ProcStatus.processExists(pid)) {
            throw new TargetGoneException(pid, 0);
        }
        try {
            return owner.attach(this, what, call);
        } catch (BpfAttachException e) {
            if (pid > 0 && (e.errno() == ESRCH || e.errno() == ENOENT) && !ProcStatus.processExists(pid)) {
                throw new TargetGoneException(pid, e.errno());
            }
            throw e;
        }
    }

    private static BpfObject.Attached attached(long link) {
        return new BpfObject.Attached(link, link == 0 ? Native.libbpfErrno() : 0);
    }

    private static int checkPid(long pid) {
        if (pid < -1 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pid must be -1 (any process), 0 (this process) or a process id: " + pid);
        }
        return (int) pid;
    }

    private static String pidSuffix(long pid) {
        return pid == -1 ? " (any process)" : pid == 0 ? " (this process)" : " (process " + pid + ")";
    }

    private static void requireName(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.indexOf('/') >= 0) {
            throw new IllegalArgumentException(what + " must be a non-empty name without '/': '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return "BpfProgram[" + name + ", " + typeName() + "]";
    }
}
