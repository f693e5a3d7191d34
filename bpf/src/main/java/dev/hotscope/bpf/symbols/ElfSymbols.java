package dev.hotscope.bpf.symbols;

import dev.hotscope.bpf.proc.LoadSegments;
import dev.hotscope.usdt.elf.ElfReader;
import dev.hotscope.usdt.elf.ElfReader.Symbol;
import dev.hotscope.usdt.elf.ElfReader.SymbolTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The function symbols of one ELF file, sorted by address, and its {@code PT_LOAD} segments for
 * turning a file offset into a link-time address. Immutable except for the lazily demangled names.
 */
final class ElfSymbols {
    private static final int STT_FUNC = 2;
    private static final int STT_GNU_IFUNC = 10;
    private static final int STB_LOCAL = 0;
    private static final int STB_GLOBAL = 1;
    /** How many earlier symbols a lookup checks for one that encloses the address. */
    private static final int ENCLOSING_SCAN = 8;
    /** Orders aliases at one address: sized first, then global, weak, local, then .symtab, then shorter. */
    private static final Comparator<Symbol> PREFERENCE = Comparator.<Symbol>comparingInt(s -> s.size() > 0 ? 0 : 1)
        .thenComparingInt(s -> s.binding() == STB_GLOBAL ? 0 : s.binding() == STB_LOCAL ? 2 : 1)
        .thenComparingInt(s -> s.table() == SymbolTable.SYMTAB ? 0 : 1)
        .thenComparingInt(s -> s.name().length())
        .thenComparing(Symbol::name);

    private final LoadSegments segments;
    private final long[] starts;
    private final long[] ends;
    private final String[] names;
    private final String[] demangled;

    private ElfSymbols(LoadSegments segments, List<Symbol> functions) {
        this.segments = segments;
        starts = new long[functions.size()];
        ends = new long[functions.size()];
        names = new String[functions.size()];
        demangled = new String[functions.size()];
        for (int i = 0; i < functions.size(); i++) {
            Symbol s = functions.get(i);
            starts[i] = s.value();
            ends[i] = s.value() + s.size();
            names[i] = s.name();
        }
    }

    /** No segments and no symbols: every lookup misses. */
    static ElfSymbols empty() {
        return new ElfSymbols(LoadSegments.NONE, List.of());
    }

    /**
     * Reads the symbols of an ELF file.
     *
     * @param elf the file, for its segments and, unless {@code symbolSource} is given, its symbols
     * @param symbolSource a separate debug file to take the symbols from, or null
     * @throws IOException if a symbol table is corrupt
     */
    static ElfSymbols of(ElfReader elf, ElfReader symbolSource) throws IOException {
        List<Symbol> functions = new ArrayList<>();
        for (Symbol s : (symbolSource != null ? symbolSource : elf).symbols()) {
            if ((s.type() == STT_FUNC || s.type() == STT_GNU_IFUNC) && s.value() != 0 && s.sectionIndex() != 0
                && !s.name().isEmpty()) {
                functions.add(s);
            }
        }
        functions.sort(Comparator.comparingLong(Symbol::value).thenComparing(PREFERENCE));
        List<Symbol> unique = new ArrayList<>(functions.size());
        for (Symbol s : functions) {
            if (unique.isEmpty() || unique.get(unique.size() - 1).value() != s.value()) {
                unique.add(s);
            }
        }
        return new ElfSymbols(LoadSegments.of(elf.programHeaders()), unique);
    }

    /** The link-time address of a file offset, or -1: see {@link LoadSegments#vaddrOfFileOffset}. */
    long vaddrOfFileOffset(long fileOffset) {
        return segments.vaddrOfFileOffset(fileOffset);
    }

    /**
     * Finds the function containing a link-time address: the nearest symbol at or below it whose
     * size covers it (checking a few earlier ones for an enclosing symbol), else the nearest one if
     * it has no size.
     *
     * @return the symbol's index, or -1
     */
    int indexOf(long vaddr) {
        int i = Arrays.binarySearch(starts, vaddr);
        if (i < 0) {
            i = -i - 2;
        }
        if (i < 0) {
            return -1;
        }
        for (int j = i; j >= 0 && j > i - ENCLOSING_SCAN; j--) {
            if (vaddr < ends[j]) {
                return j;
            }
        }
        return ends[i] == starts[i] ? i : -1;
    }

    /** The start address of symbol {@code i}. */
    long start(int i) {
        return starts[i];
    }

    /** The mangled name of symbol {@code i}. */
    String rawName(int i) {
        return names[i];
    }

    /** The demangled name of symbol {@code i}, computed on first use. */
    String function(int i) {
        String d = demangled[i];
        if (d == null) {
            d = ItaniumDemangler.demangle(names[i]);
            demangled[i] = d; // a benign race: every thread computes the same string
        }
        return d;
    }

    /** The number of function symbols. */
    int size() {
        return starts.length;
    }
}
