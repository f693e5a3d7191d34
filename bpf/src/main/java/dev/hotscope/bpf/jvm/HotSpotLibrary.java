package dev.hotscope.bpf.jvm;

import dev.hotscope.bpf.proc.ProcessMaps;
import dev.hotscope.usdt.elf.ElfReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code libjvm.so} a HotSpot process runs: its path, whether it has the {@code hotspot} probe
 * notes, the file offsets of the functions the uprobe fallback needs (found by mangled-name prefix
 * in {@code .symtab}, since parameter lists change between JDK releases), and the VM operation
 * vtables, to name an operation from its vtable pointer.
 */
final class HotSpotLibrary {
    static final String NOTIFY_GC_BEGIN = "_ZN15VM_GC_Operation15notify_gc_beginE";
    static final String NOTIFY_GC_END = "_ZN15VM_GC_Operation13notify_gc_endE";
    static final String SAFEPOINT_BEGIN = "_ZN20SafepointSynchronize5beginE";
    static final String SAFEPOINT_END = "_ZN20SafepointSynchronize3endE";
    static final String EVALUATE_OPERATION = "_ZN12VM_Operation8evaluateE";
    private static final List<String> FUNCTIONS = List.of(NOTIFY_GC_BEGIN, NOTIFY_GC_END, SAFEPOINT_BEGIN,
        SAFEPOINT_END, EVALUATE_OPERATION);
    /** {@code vtable for VM_Xxx}: HotSpot names the operation of class VM_Xxx "Xxx". */
    private static final Pattern OPERATION_VTABLE = Pattern.compile("_ZTV(\\d+)VM_(\\w+)");
    private static final int STT_OBJECT = 1;
    private static final int STT_FUNC = 2;

    private final Path path;
    private final long loadBias;
    private final boolean gcProbes;
    private final boolean vmopsProbes;
    private final Map<String, Long> functionOffsets;
    /** vtable start (link-time address) → {size, operation name}. */
    private final TreeMap<Long, Map.Entry<Long, String>> vtables;

    private HotSpotLibrary(Path path, long loadBias, boolean gcProbes, boolean vmopsProbes,
                           Map<String, Long> functionOffsets, TreeMap<Long, Map.Entry<Long, String>> vtables) {
        this.path = path;
        this.loadBias = loadBias;
        this.gcProbes = gcProbes;
        this.vmopsProbes = vmopsProbes;
        this.functionOffsets = functionOffsets;
        this.vtables = vtables;
    }

    /**
     * Finds and reads the process's {@code libjvm.so}.
     *
     * @throws IllegalArgumentException if the process maps no libjvm.so (not a HotSpot JVM)
     * @throws IOException if its maps or the library cannot be read
     */
    static HotSpotLibrary of(long pid) throws IOException {
        ProcessMaps.Mapping base = null;
        for (ProcessMaps.Mapping m : ProcessMaps.read(pid).mappings()) {
            if (m.isFile() && m.path.endsWith("/libjvm.so") && (base == null || m.offset < base.offset)) {
                base = m;
            }
        }
        if (base == null) {
            throw new IllegalArgumentException("process " + pid + " maps no libjvm.so: not a HotSpot JVM");
        }
        Path path = Path.of(base.path);
        try (ElfReader elf = ElfReader.open(path)) {
            long firstLoad = elf.programHeaders().stream().filter(ElfReader.ProgramHeader::isLoad)
                .mapToLong(p -> p.vaddr() - p.offset()).findFirst().orElse(0);
            long loadBias = base.start - base.offset - firstLoad;
            boolean gc = false;
            boolean vmops = false;
            for (ElfReader.SdtNote note : elf.sdtNotes()) {
                if (note.provider().equals("hotspot")) {
                    gc |= note.name().equals("gc__begin");
                    vmops |= note.name().equals("vmops__begin");
                }
            }
            Map<String, Long> offsets = new HashMap<>();
            Map<String, String> chosen = new HashMap<>();
            TreeMap<Long, Map.Entry<Long, String>> vtables = new TreeMap<>();
            for (ElfReader.Symbol s : elf.symbols()) {
                if (s.value() == 0 || s.table() != ElfReader.SymbolTable.SYMTAB) {
                    continue;
                }
                if (s.type() == STT_FUNC) {
                    chooseFunction(elf, s, offsets, chosen);
                } else if (s.type() == STT_OBJECT) {
                    Matcher m = OPERATION_VTABLE.matcher(s.name());
                    if (m.matches() && Integer.parseInt(m.group(1)) == m.group(2).length() + 3) {
                        vtables.put(s.value(), Map.entry(s.size(), m.group(2)));
                    }
                }
            }
            return new HotSpotLibrary(path, loadBias, gc, vmops, offsets, vtables);
        }
    }

    /** Keeps, per wanted prefix, the plain function (no {@code .part}/{@code .cold} clone) with the shortest name. */
    private static void chooseFunction(ElfReader elf, ElfReader.Symbol s, Map<String, Long> offsets,
                                       Map<String, String> chosen) {
        if (s.name().indexOf('.') >= 0) {
            return;
        }
        for (String prefix : FUNCTIONS) {
            if (s.name().startsWith(prefix)) {
                String before = chosen.get(prefix);
                long offset = elf.fileOffsetOf(s.value());
                if (offset >= 0 && (before == null || s.name().length() < before.length())) {
                    chosen.put(prefix, s.name());
                    offsets.put(prefix, offset);
                }
            }
        }
    }

    /** The library's path, as the process maps it. */
    Path path() {
        return path;
    }

    /** A copy that lacks one function, as a build whose symbol table lacks it would (for tests). */
    HotSpotLibrary withoutFunction(String prefix) {
        Map<String, Long> fewer = new HashMap<>(functionOffsets);
        fewer.remove(prefix);
        return new HotSpotLibrary(path, loadBias, gcProbes, vmopsProbes, fewer, vtables);
    }

    /** Whether the library has the {@code hotspot:gc__begin} probe note. */
    boolean hasGcProbes() {
        return gcProbes;
    }

    /** Whether the library has the {@code hotspot:vmops__begin} probe note. */
    boolean hasVmopsProbes() {
        return vmopsProbes;
    }

    /** The file offset of the function whose mangled name starts with the prefix, if there is one. */
    OptionalLong functionOffset(String prefix) {
        Long offset = functionOffsets.get(prefix);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /**
     * The name HotSpot gives the operation whose object's vtable pointer (a run-time address) this
     * is, e.g. {@code G1CollectFull} for class {@code VM_G1CollectFull}; empty if none matches.
     */
    String operationName(long vtablePointer) {
        long address = vtablePointer - loadBias;
        Map.Entry<Long, Map.Entry<Long, String>> vtable = vtables.floorEntry(address);
        if (vtable == null || address - vtable.getKey() >= Math.max(vtable.getValue().getKey(), 1)) {
            return "";
        }
        return vtable.getValue().getValue();
    }
}
