package dev.hotscope.bpf.unwind;

import dev.hotscope.bpf.unwind.CodeMappings.Mapping;
import dev.hotscope.usdt.elf.ElfReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parsed CFI of mapped files, shared by every unwinder of this JVM and keyed by device, inode and
 * path. Files are opened through {@code /proc/PID/map_files} (the very file mapped, even if
 * deleted or in another mount namespace), else {@code /proc/PID/root/PATH} if its inode matches;
 * the vDSO is read from the process's memory. A file that cannot be read has no CFI: the unwinder
 * then walks its frames by frame pointer.
 */
final class CfiCache {
    private static final int CAPACITY = 256;
    private static final EhFrame NONE = EhFrame.parse("none", new byte[0], 0, null, 0);

    private static final Map<String, EhFrame> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EhFrame> eldest) {
            return size() > CAPACITY;
        }
    };

    private CfiCache() {}

    /** The CFI of the file behind an executable mapping; empty if it has none or cannot be read. */
    static EhFrame forMapping(long pid, Mapping m) {
        EhFrame bound = m.cfi;
        if (bound != null) {
            return bound;
        }
        String key = m.isFile() ? m.device + ':' + m.inode + ':' + m.path
            : m.isVdso() ? "[vdso]:" + (m.end - m.start) : null;
        EhFrame cfi;
        if (key == null) {
            cfi = NONE;
        } else {
            synchronized (CACHE) {
                cfi = CACHE.get(key);
            }
            if (cfi == null) {
                try {
                    cfi = load(pid, m);
                } catch (IOException | RuntimeException e) {
                    cfi = NONE;
                }
                synchronized (CACHE) {
                    CACHE.putIfAbsent(key, cfi);
                    cfi = CACHE.get(key);
                }
            }
        }
        m.cfi = cfi;
        return cfi;
    }

    private static EhFrame load(long pid, Mapping m) throws IOException {
        if (m.isVdso()) {
            return EhFrame.of(readMemory(pid, m), "[vdso]");
        }
        Optional<Path> file = open(pid, m);
        if (file.isEmpty() || !ElfReader.hasElfMagic(file.get())) {
            return NONE;
        }
        return EhFrame.read(file.get());
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
            // gone or replaced
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

    /** Forgets every parsed file (for tests). */
    static void clear() {
        synchronized (CACHE) {
            CACHE.clear();
        }
    }
}
