package dev.hotscope.bpf.symbols;

import dev.hotscope.bpf.proc.LiveMaps;
import dev.hotscope.bpf.proc.ProcessMaps;
import dev.hotscope.bpf.proc.ProcessMaps.Mapping;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns instruction addresses of one process, such as those of BPF stack traces, into
 * {@link Frame}s.
 *
 * <ul>
 *   <li>Kernel addresses (from {@code 0xffff800000000000}) are named from {@code /proc/kallsyms}.
 *   <li>Addresses in mapped ELF files are named from the file's {@code .symtab} and {@code .dynsym}
 *       (demangled): the address becomes a file offset through the mapping, then a link-time
 *       address through the {@code PT_LOAD} segment holding that offset.
 *   <li>Addresses in anonymous executable memory (the JVM's code cache) are named from the perf
 *       map {@code /tmp/perf-PID.map}; HotSpot's interpreter blob gives {@code [interpreter]}.
 *       So is code in a memfd that holds no ELF file (JITs that map their code twice).
 *       An address the map does not know makes the symbolizer ask the JVM for a fresh map and
 *       re-read it, at most once a second; while fresh maps do not name the addresses that asked
 *       for them, less and less often, down to once every 16 seconds.
 *   <li>An address in no mapping, or in one that was not executable, makes it re-read
 *       {@code /proc/PID/maps}, at most once a second.
 * </ul>
 *
 * <p>Resolved frames are cached by address, so the warm path is a hash lookup with no allocation
 * (a few nanoseconds); a miss is a few binary searches plus the returned frame. Cold paths block:
 * the first address in a file reads its symbols (about 0.2 s for libjvm.so), the first kernel
 * address reads kallsyms (about 0.1 s), and a perf map request runs jcmd (a few hundred
 * milliseconds). Symbol tables are shared by all symbolizers of the JVM. Thread-safe.
 */
public final class Symbolizer {
    private static final String CODE_CACHE = "[codecache]";
    private static final String INTERPRETER = "[interpreter]";
    private static final String UNKNOWN = "[unknown]";
    private static final String MEMFD = "/memfd:";

    private final long pid;
    private final JitSymbols jit;
    private final LiveMaps maps;
    private volatile FrameCache exact = new FrameCache();
    private volatile FrameCache returns = new FrameCache();

    private Symbolizer(long pid, LiveMaps maps, boolean askJvm) {
        this.pid = pid;
        this.maps = maps;
        this.jit = new JitSymbols(pid, askJvm && mapsHotSpot(maps.current()));
        jit.readExisting();
    }

    /**
     * Creates a symbolizer for a process that asks the JVM (if it is one) for fresh perf maps.
     *
     * @param pid the process id; the current process works too
     * @return the symbolizer
     * @throws IllegalArgumentException if there is no process with that pid
     */
    public static Symbolizer forProcess(long pid) {
        return forProcess(pid, true);
    }

    /**
     * Creates a symbolizer for a process.
     *
     * @param pid the process id; the current process works too
     * @param askJvmForPerfMap whether to have the JVM write {@code /tmp/perf-PID.map}
     *     ({@code Compiler.perfmap}) when an address in its code cache is not in the map; if false
     *     the map is only re-read, for JVMs that keep it current themselves or through an agent
     * @return the symbolizer
     * @throws IllegalArgumentException if there is no process with that pid
     */
    public static Symbolizer forProcess(long pid, boolean askJvmForPerfMap) {
        return new Symbolizer(pid, LiveMaps.of(pid, false), askJvmForPerfMap);
    }

    /** The process id. */
    public long pid() {
        return pid;
    }

    /**
     * Symbolizes an exact instruction address, such as the first frame of a stack trace.
     *
     * @param address the address
     * @return the frame; never null ({@link FrameKind#UNKNOWN} if nothing names it)
     */
    public Frame symbolize(long address) {
        FrameCache cache = exact;
        Frame f = cache.get(address);
        return f != null ? f : resolve(address, address, cache);
    }

    /**
     * Symbolizes a return address, such as every frame of a stack trace but the first: the lookup
     * uses {@code address - 1}, the call instruction, so a call at the very end of a function
     * (to a function that does not return) is not taken for the next function. The frame keeps
     * {@code address} and its offset is measured to it.
     *
     * @param address the return address
     * @return the frame; never null
     */
    public Frame symbolizeReturnAddress(long address) {
        FrameCache cache = returns;
        Frame f = cache.get(address);
        // 0 ends stacks; 0 - 1 would be the top of the kernel's range
        return f != null ? f : resolve(address, address == 0 ? 0 : address - 1, cache);
    }

    /**
     * Symbolizes a stack trace, innermost frame first: the first address exactly, the others as
     * return addresses.
     *
     * @param addresses the addresses; not null
     * @param count how many of them to symbolize, at most {@code addresses.length}
     * @param out receives the frames; not null, at least {@code count} long
     * @throws NullPointerException if an array is null
     * @throws IndexOutOfBoundsException if {@code count} exceeds an array's length
     */
    public void symbolizeStack(long[] addresses, int count, Frame[] out) {
        Objects.checkFromIndexSize(0, count, addresses.length);
        Objects.checkFromIndexSize(0, count, out.length);
        for (int i = 0; i < count; i++) {
            out[i] = i == 0 ? symbolize(addresses[i]) : symbolizeReturnAddress(addresses[i]);
        }
    }

    /**
     * Re-reads the mappings and the perf map now (asking the JVM for a fresh one if allowed and
     * the last request is more than a second old) and forgets cached frames.
     */
    public void refresh() {
        refreshMaps(true);
        jit.refresh(true);
        clearCaches();
    }

    /** Why the last perf map request failed (for example jcmd missing), if it did. */
    public Optional<String> perfMapProblem() {
        return Optional.ofNullable(jit.problem());
    }

    /** The perf map file this symbolizer reads, as seen from this process. */
    public Path perfMapFile() {
        return jit.file();
    }

    private Frame resolve(long address, long lookup, FrameCache cache) {
        if (Long.compareUnsigned(lookup, KernelSymbols.KERNEL_START) >= 0) {
            return cached(kernelFrame(address, lookup), cache);
        }
        Mapping m = maps.current().find(lookup);
        if ((m == null || !m.executable) && refreshMaps(false)) {
            m = maps.current().find(lookup); // code where the snapshot has none: it is stale (dlopen, code cache growth)
        }
        if (m == null) {
            return new Frame(FrameKind.UNKNOWN, UNKNOWN, -1, "[unmapped]", address);
        }
        if (m.isAnonymousCode()) {
            return jitFrame(address, lookup, m, cache);
        }
        if (!m.executable) {
            return new Frame(FrameKind.UNKNOWN, UNKNOWN, -1, m.module, address);
        }
        ElfSymbols symbols = ModuleCache.forMapping(pid, m);
        if (symbols == ModuleCache.EMPTY && m.path.startsWith(MEMFD)) {
            return jitFrame(address, lookup, m, cache); // JIT code double-mapped through a memfd
        }
        long vaddr = symbols.vaddrOfFileOffset(lookup - m.start + m.offset);
        int i = vaddr < 0 ? -1 : symbols.indexOf(vaddr);
        if (i < 0) {
            return new Frame(FrameKind.UNKNOWN, UNKNOWN, -1, m.module, address);
        }
        long offset = vaddr + (address - lookup) - symbols.start(i);
        return cached(new Frame(FrameKind.NATIVE, symbols.function(i), offset, m.module, address), cache);
    }

    private Frame jitFrame(long address, long lookup, Mapping m, FrameCache cache) {
        PerfMap map = jit.map();
        int i = map.indexOf(lookup);
        if (i < 0 && jit.refresh()) {
            clearCaches(); // code may have moved: cached JIT frames can be stale
            map = jit.map();
            i = map.indexOf(lookup);
            jit.refreshHelped(i >= 0);
        }
        if (i < 0) {
            return new Frame(FrameKind.UNKNOWN, UNKNOWN, -1, m.module, address);
        }
        String module = m.isAnonymousCode() ? CODE_CACHE : m.module;
        Frame f = map.isInterpreter(i)
            ? new Frame(FrameKind.JAVA_INTERPRETED, INTERPRETER, -1, module, address)
            : new Frame(FrameKind.JAVA_JIT, map.name(i), -1, module, address);
        return cached(f, cache);
    }

    private static Frame kernelFrame(long address, long lookup) {
        KernelSymbols kernel = KernelSymbols.get();
        int i = kernel.indexOf(lookup);
        if (i < 0 || lookup - kernel.start(i) >= KernelSymbols.MAX_EXTENT) {
            return new Frame(FrameKind.UNKNOWN, UNKNOWN, -1, "[kernel]", address);
        }
        return new Frame(FrameKind.KERNEL, kernel.name(i), address - kernel.start(i), kernel.module(i), address);
    }

    private static Frame cached(Frame f, FrameCache cache) {
        if (f.kind() != FrameKind.UNKNOWN) {
            cache.put(f);
        }
        return f;
    }

    /** Re-reads the maps if forced or if the last read is over a second old; true if it did. */
    private boolean refreshMaps(boolean force) {
        if (!maps.refresh(force)) {
            return false;
        }
        clearCaches(); // frames resolved against the old maps may be wrong now
        return true;
    }

    private void clearCaches() {
        exact = new FrameCache();
        returns = new FrameCache();
    }

    private static boolean mapsHotSpot(ProcessMaps maps) {
        for (Mapping m : maps.mappings()) {
            if (m.path.endsWith("/libjvm.so")) {
                return true;
            }
        }
        return false;
    }
}
