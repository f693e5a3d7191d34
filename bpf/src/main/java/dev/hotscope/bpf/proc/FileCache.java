package dev.hotscope.bpf.proc;

import dev.hotscope.bpf.proc.ProcessMaps.Mapping;
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
 * What is parsed from the ELF files mapped by processes (symbols, CFI), shared by all processes
 * and keyed by device, inode and path, so each library is parsed once per JVM. The least recently
 * used files beyond a few hundred are forgotten. Files are opened through
 * {@code /proc/PID/map_files} (the very file mapped, even if deleted or in another mount
 * namespace), else {@code /proc/PID/root/PATH} if its inode matches; the vDSO is read from the
 * process's memory. The value is also bound to the mapping, so later calls for it skip the key.
 * Thread-safe.
 *
 * @param <T> what is parsed from a file
 */
public final class FileCache<T> {
    private static final int CAPACITY = 256;

    /**
     * Parses a file or an in-memory image.
     *
     * @param <S> the source: a path or the image bytes
     * @param <T> what is parsed
     */
    @FunctionalInterface
    public interface Loader<S, T> {
        /**
         * Parses a source.
         *
         * @param source the source
         * @return what was parsed
         * @throws IOException if it cannot be read
         */
        T load(S source) throws IOException;
    }

    /** A value bound to a mapping, with the cache that bound it (a mapping could meet two caches). */
    record Binding(FileCache<?> cache, Object value) {}

    private final T empty;
    private final Loader<Path, T> fromFile;
    private final Loader<byte[], T> fromVdso;
    private final Map<String, Slot<T>> slots = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Slot<T>> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * Creates a cache.
     *
     * @param empty the value of a mapping that is no file nor the vDSO, or cannot be read or parsed
     * @param fromFile parses a mapped ELF file
     * @param fromVdso parses the vDSO image read from memory
     */
    public FileCache(T empty, Loader<Path, T> fromFile, Loader<byte[], T> fromVdso) {
        this.empty = empty;
        this.fromFile = fromFile;
        this.fromVdso = fromVdso;
    }

    /**
     * The value of the file behind a mapping. The first call for a file parses it, which for
     * libjvm.so takes tens of milliseconds.
     *
     * @param pid the process that maps it
     * @param m the mapping
     * @return the value, or the empty one if the mapping is no file nor the vDSO, or cannot be read
     */
    @SuppressWarnings("unchecked")
    public T get(long pid, Mapping m) {
        Binding bound = m.binding;
        if (bound != null && bound.cache == this) {
            return (T) bound.value;
        }
        String key = m.isFile() ? m.device + ':' + m.inode + ':' + m.path
            : m.isVdso() ? "[vdso]:" + (m.end - m.start) : null;
        T value;
        if (key == null) {
            value = empty;
        } else {
            Slot<T> slot;
            synchronized (slots) {
                slot = slots.computeIfAbsent(key, k -> new Slot<>());
            }
            value = slot.get(pid, m, this);
            if (value == null) {
                value = empty; // for this mapping only: through another process the file may be reachable
            }
        }
        m.binding = new Binding(this, value);
        return value;
    }

    /**
     * Parses the file or image behind a mapping: the empty value if it is no ELF or cannot be
     * parsed, null if it cannot be reached through this process (which may have exited, or be
     * unreadable to us): the next process mapping the file may do better, so that is not cached.
     */
    private T load(long pid, Mapping m) {
        if (m.isVdso()) {
            byte[] image;
            try {
                image = readMemory(pid, m);
            } catch (IOException | RuntimeException e) {
                return null;
            }
            return parse(fromVdso, image);
        }
        Optional<Path> file = open(pid, m);
        if (file.isEmpty()) {
            return null;
        }
        try {
            if (!ElfReader.hasElfMagic(file.get())) {
                return empty;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return parse(fromFile, file.get());
    }

    private <S> T parse(Loader<S, T> loader, S source) {
        try {
            T value = loader.load(source);
            return value != null ? value : empty;
        } catch (IOException | RuntimeException e) {
            return empty;
        }
    }

    /** One file's value, parsed once even when several threads meet the file together; the cache lock is not held meanwhile. */
    private static final class Slot<T> {
        private T value;

        /** The value, or null if the file could not be reached this time. */
        synchronized T get(long pid, Mapping m, FileCache<T> cache) {
            if (value == null) {
                value = cache.load(pid, m);
            }
            return value;
        }
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
}
