package dev.hotscope.bpf.symbols;

import dev.hotscope.bpf.proc.FileCache;
import dev.hotscope.bpf.proc.ProcessMaps.Mapping;
import dev.hotscope.usdt.elf.Elf;
import dev.hotscope.usdt.elf.ElfReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@link ElfSymbols} of mapped files, shared process-wide through a {@link FileCache} so every
 * symbolizer shares one copy of each library. Files without {@code .symtab} use a debug file found
 * by build id under {@code /usr/lib/debug/.build-id} when one is installed.
 */
final class ModuleCache {
    private static final Path DEBUG_ROOT = Path.of("/usr/lib/debug/.build-id");
    /** The symbols of a file that has none, or cannot be read. */
    static final ElfSymbols EMPTY = ElfSymbols.empty();

    private static final FileCache<ElfSymbols> CACHE = new FileCache<>(EMPTY, ModuleCache::load,
        image -> ElfSymbols.of(ElfReader.of(image, "[vdso]"), null));

    private ModuleCache() {}

    /**
     * The symbols of the file behind a mapping; {@link #EMPTY} if it has none or cannot be read.
     * The first call for a file reads it, which for libjvm.so takes tens of milliseconds.
     */
    static ElfSymbols forMapping(long pid, Mapping m) {
        return CACHE.get(pid, m);
    }

    private static ElfSymbols load(Path file) throws IOException {
        try (ElfReader elf = ElfReader.open(file)) {
            Optional<Path> debugFile = elf.sections().stream().anyMatch(s -> s.type() == Elf.SHT_SYMTAB)
                ? Optional.empty() : debugFileOf(elf);
            if (debugFile.isEmpty()) {
                return ElfSymbols.of(elf, null);
            }
            try (ElfReader debug = ElfReader.open(debugFile.get())) {
                return ElfSymbols.of(elf, debug);
            }
        }
    }

    /** The debug file {@code /usr/lib/debug/.build-id/xx/yyyy.debug} for the file's GNU build id. */
    static Optional<Path> debugFileOf(ElfReader elf) throws IOException {
        Optional<ElfReader.Section> note = elf.section(".note.gnu.build-id");
        if (note.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(elf.sectionBytes(note.get())).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 16) {
            return Optional.empty();
        }
        int nameSize = b.getInt();
        int descSize = b.getInt();
        b.getInt(); // type NT_GNU_BUILD_ID
        int descAt = 12 + ((nameSize + 3) & ~3);
        if (descSize < 2 || descAt + descSize > b.capacity()) {
            return Optional.empty();
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < descSize; i++) {
            hex.append(String.format("%02x", b.get(descAt + i) & 0xff));
        }
        Path debug = DEBUG_ROOT.resolve(hex.substring(0, 2)).resolve(hex.substring(2) + ".debug");
        return Files.isRegularFile(debug) ? Optional.of(debug) : Optional.empty();
    }
}
