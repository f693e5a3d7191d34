package dev.hotscope.bpf.symbols;

import dev.hotscope.bpf.proc.ProcessMaps;
import dev.hotscope.bpf.proc.ProcessMaps.Mapping;
import dev.hotscope.usdt.elf.ElfReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test oracle for native addresses, computed independently of the symbolizer's path: ELF symbol
 * value to file offset with {@link ElfReader#fileOffsetOf}, then to the mapping of that offset.
 */
final class NativeAddresses {
    private NativeAddresses() {}

    /** The runtime address of a link-time address of a file mapped by a process. */
    static long runtimeAddress(long pid, Path file, long vaddr) throws Exception {
        long fileOffset;
        try (ElfReader elf = ElfReader.open(file)) {
            fileOffset = elf.fileOffsetOf(vaddr);
        }
        if (fileOffset < 0) {
            throw new AssertionError("0x" + Long.toHexString(vaddr) + " is in no PT_LOAD segment of " + file);
        }
        for (Mapping m : ProcessMaps.read(pid).mappings()) {
            if (m.path.equals(file.toString()) && fileOffset >= m.offset && fileOffset < m.offset + (m.end - m.start)
                && m.executable) {
                return m.start + (fileOffset - m.offset);
            }
        }
        throw new AssertionError(file + " offset 0x" + Long.toHexString(fileOffset) + " is not mapped executable by " + pid);
    }

    /** The path of the first mapping whose file name is {@code module}. */
    static Path mappedFile(long pid, String module) throws Exception {
        for (Mapping m : ProcessMaps.read(pid).mappings()) {
            if (m.module.equals(module) && m.isFile()) {
                return Path.of(m.path);
            }
        }
        throw new AssertionError(module + " is not mapped by " + pid);
    }

    /** The link-time address of a function symbol of a file. */
    static long symbolValue(Path file, String name) throws Exception {
        for (ElfReader.Symbol s : symbols(file)) {
            if ((s.type() == 2 || s.type() == 10) && s.name().equals(name) && s.value() != 0) {
                return s.value();
            }
        }
        throw new AssertionError(name + " is not a function of " + file);
    }

    /** The names of every function symbol of a file at a link-time address. */
    static List<String> functionsAt(Path file, long vaddr) throws Exception {
        List<String> names = new ArrayList<>();
        for (ElfReader.Symbol s : symbols(file)) {
            if ((s.type() == 2 || s.type() == 10) && s.value() == vaddr) {
                names.add(s.name());
            }
        }
        return names;
    }

    /** Every symbol of a file's symbol tables. */
    static List<ElfReader.Symbol> symbols(Path file) throws Exception {
        try (ElfReader elf = ElfReader.open(file)) {
            return elf.symbols();
        }
    }
}
