package dev.hotscope.bpf.symbols;

import dev.hotscope.bpf.symbols.ProcessMaps.Mapping;
import dev.hotscope.usdt.elf.Elf;
import dev.hotscope.usdt.elf.ElfReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Loads and caches the {@link ElfSymbols} of mapped files, process-wide, keyed by device, inode and
 * path, so every symbolizer shares one copy of each library. Files are opened through
 * {@code /proc/PID/map_files} (the exact mapped file, even if deleted or in another mount
 * namespace) or else {@code /proc/PID/root/PATH} after checking the inode; the vDSO is read from
 * the process's memory. Files without {@code .symtab} use a debug file found by build id under
 * {@code /usr/lib/debug/.build-id} when one is installed.
 */
final class ModuleCache {
    private static final int CAPACITY = 256;
    private static final Path DEBUG_ROOT = Path.of("/usr/lib/debug/.build-id");
    /** The symbols of a file that has none, or cannot be read. */
    static final ElfSymbols EMPTY = ElfSymbols.empty();

    private static final Map<String, ElfSymbols> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ElfSymbols> eldest) {
            return size() > CAPACITY;
        }
    };

    private ModuleCache() {}

    /**
     * The symbols of the file behind a mapping; {@link #EMPTY} if it has none or cannot be read.
     * The first call for a file reads it, which for libjvm.so takes tens of milliseconds.
     */
    static synchronized ElfSymbols forMapping(long pid, Mapping m) {
        String key = key(m);
        if (key == null) {
            return EMPTY;
        }
        ElfSymbols cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        ElfSymbols loaded;
        try {
            loaded = load(pid, m);
        } catch (IOException | RuntimeException e) {
            loaded = EMPTY;
        }
        CACHE.put(key, loaded);
        return loaded;
    }

    private static String key(Mapping m) {
        if (m.isFile()) {
            return m.device + ':' + m.inode + ':' + m.path;
        }
        if (m.path.equals("[vdso]")) {
            return "[vdso]:" + (m.end - m.start);
        }
        return null;
    }

    private static ElfSymbols load(long pid, Mapping m) throws IOException {
        if (!m.isFile()) {
            return ElfSymbols.of(ElfReader.of(readMemory(pid, m), "[vdso]"), null);
        }
        Optional<Path> file = open(pid, m);
        if (file.isEmpty() || !ElfReader.hasElfMagic(file.get())) {
            return EMPTY;
        }
        ElfReader elf = ElfReader.open(file.get());
        ElfReader debug = null;
        if (elf.sections().stream().noneMatch(s -> s.type() == Elf.SHT_SYMTAB)) {
            Optional<Path> debugFile = debugFileOf(elf);
            if (debugFile.isPresent()) {
                debug = ElfReader.open(debugFile.get());
            }
        }
        return ElfSymbols.of(elf, debug);
    }

    private static Optional<Path> open(long pid, Mapping m) {
        Path proc = Path.of("/proc", Long.toString(pid));
        Path mapFile = proc.resolve("map_files").resolve(Long.toHexString(m.start) + "-" + Long.toHexString(m.end));
        if (Files.isReadable(mapFile)) {
            return Optional.of(mapFile);
        }
        Path rooted = proc.resolve("root").resolve(m.path.substring(1));
        try {
            Object inode = Files.getAttribute(rooted, "unix:ino");
            if (inode instanceof Long && (Long) inode == m.inode) {
                return Optional.of(rooted);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            // fall through: the file is gone or was replaced
        }
        return Optional.empty();
    }

    private static byte[] readMemory(long pid, Mapping m) throws IOException {
        long length = m.end - m.start;
        if (length <= 0 || length > (1 << 24)) {
            throw new IOException("vdso of " + length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length);
        try (FileChannel mem = FileChannel.open(Path.of("/proc", Long.toString(pid), "mem"), StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (mem.read(buffer, m.start + buffer.position()) <= 0) {
                    throw new IOException("short read of the vdso");
                }
            }
        }
        return buffer.array();
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
