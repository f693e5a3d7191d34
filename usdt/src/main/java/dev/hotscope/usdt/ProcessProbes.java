package dev.hotscope.usdt;

import dev.hotscope.usdt.elf.ElfReader;
import dev.hotscope.usdt.elf.ElfReader.SdtNote;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Lists the SystemTap USDT probes of a running process, or of an ELF file on disk, the way a
 * tracer would find them: every file mapped into the process, read through {@code /proc}.
 */
public final class ProcessProbes {
    private static final Comparator<UsdtProbeInfo> ORDER = Comparator.comparing(UsdtProbeInfo::file)
        .thenComparing(UsdtProbeInfo::provider)
        .thenComparing(UsdtProbeInfo::name)
        .thenComparingLong(UsdtProbeInfo::pc);

    /** Largest file read whole; Java arrays stop just short of 2 GiB. */
    private static final long MAX_FILE_SIZE = Integer.MAX_VALUE - 8;

    private ProcessProbes() {}

    /**
     * Lists every probe site in every ELF file mapped into a process, with each semaphore's
     * run-time address and value. Files are read through {@code /proc/PID/root} so paths inside a
     * container resolve; unlinked files through {@code /proc/PID/map_files}. Mapped files that are
     * not x86-64 ELF, or cannot be read or parsed, are skipped.
     *
     * @param pid the process id
     * @return the probes ordered by file, provider, name, address; never null
     * @throws IOException if the process does not exist (message {@code no process with pid N}) or
     *     its memory map cannot be read (the message names the permission problem)
     */
    public static List<UsdtProbeInfo> list(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        Map<String, List<MapsEntry>> files = fileMappings(readMaps(pid, proc));
        List<UsdtProbeInfo> probes = new ArrayList<>();
        try (SemaphoreReader semaphores = new SemaphoreReader(proc.resolve("mem"))) {
            for (List<MapsEntry> mappings : files.values()) {
                Optional<ElfReader> elf = openMapped(proc, mappings);
                if (elf.isPresent()) {
                    addProbes(pid, elf.get(), mappings, semaphores, probes);
                }
            }
        }
        probes.sort(ORDER);
        return probes;
    }

    /**
     * Lists every probe site of an ELF file on disk; run-time fields are 0 and -1.
     *
     * @param elfFile the file; not null
     * @return the probes ordered by provider, name, address; never null
     * @throws IOException if the file cannot be read or is not a valid x86-64 ELF64 file
     */
    public static List<UsdtProbeInfo> list(Path elfFile) throws IOException {
        Objects.requireNonNull(elfFile, "elfFile");
        List<UsdtProbeInfo> probes = new ArrayList<>();
        try (ElfReader elf = ElfReader.open(elfFile)) {
            for (SdtNote note : elf.sdtNotes()) {
                probes.add(new UsdtProbeInfo(-1, elfFile.toString(), note.provider(), note.name(), note.args(),
                    elf.adjustedPc(note), elf.adjustedSemaphore(note), 0, -1));
            }
        }
        probes.sort(ORDER);
        return probes;
    }

    private static List<String> readMaps(long pid, Path proc) throws IOException {
        if (pid <= 0) {
            throw new IOException("no process with pid " + pid);
        }
        Path maps = proc.resolve("maps");
        try {
            // Decoded leniently: a file name need not be UTF-8.
            return new String(Files.readAllBytes(maps), StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            throw new IOException("no process with pid " + pid);
        } catch (AccessDeniedException e) {
            throw new IOException("permission denied reading " + maps
                + ": run as root (or with CAP_SYS_PTRACE) or as the user that owns pid " + pid);
        } catch (IOException e) {
            throw new IOException("cannot read " + maps + ": " + e.getMessage());
        }
    }

    /**
     * Groups file-backed mappings by file, keeping first-seen order; a file is its device, inode
     * and path. Files mapped only shared are dropped: loaders map code privately, so a shared
     * mapping is some reader's view of the file, not loaded probes.
     */
    private static Map<String, List<MapsEntry>> fileMappings(List<String> lines) {
        Map<String, List<MapsEntry>> files = new LinkedHashMap<>();
        for (String line : lines) {
            MapsEntry.parse(line).filter(MapsEntry::isFileBacked).ifPresent(m ->
                files.computeIfAbsent(m.device() + " " + m.inode() + " " + m.path(), k -> new ArrayList<>()).add(m));
        }
        files.values().removeIf(mappings -> mappings.stream().noneMatch(MapsEntry::isPrivate));
        return files;
    }

    /** Opens the file behind some mappings, or empty if it is gone, unreadable, or not ELF. */
    private static Optional<ElfReader> openMapped(Path proc, List<MapsEntry> mappings) {
        MapsEntry first = mappings.get(0);
        Optional<Path> file = first.isDeleted() ? Optional.empty() : throughRoot(proc, first);
        if (file.isEmpty()) {
            file = Optional.of(proc.resolve("map_files").resolve(first.mapFilesName()));
        }
        try {
            Path path = file.get();
            if (!Files.isRegularFile(path) || !ElfReader.hasElfMagic(path) || Files.size(path) > MAX_FILE_SIZE) {
                return Optional.empty();
            }
            // Read, not mapped: a mapping would show in this process's own maps, and keep an
            // unlinked probe file alive, until the garbage collector got round to it.
            return Optional.of(ElfReader.of(Files.readAllBytes(path), path.toString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The path as the process sees it, if it still names the mapped file (same inode). */
    private static Optional<Path> throughRoot(Path proc, MapsEntry mapping) {
        Path path = proc.resolve("root").resolve(mapping.path().substring(1));
        try {
            Object inode = Files.getAttribute(path, "unix:ino");
            return inode instanceof Long && (Long) inode == mapping.inode() ? Optional.of(path) : Optional.empty();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void addProbes(long pid, ElfReader elf, List<MapsEntry> mappings, SemaphoreReader semaphores,
                                  List<UsdtProbeInfo> out) {
        List<SdtNote> notes;
        try {
            notes = elf.sdtNotes();
        } catch (IOException e) {
            return;
        }
        String file = mappings.get(0).path();
        for (SdtNote note : notes) {
            long semaphore = elf.adjustedSemaphore(note);
            long runtime = semaphore == 0 ? 0
                : SemaphoreLocator.runtimeAddress(semaphore, elf.programHeaders(), mappings);
            int count = runtime == 0 ? -1 : semaphores.read(runtime);
            out.add(new UsdtProbeInfo(pid, file, note.provider(), note.name(), note.args(), elf.adjustedPc(note),
                semaphore, runtime, count));
        }
    }

    /** Reads 2-byte semaphores from {@code /proc/PID/mem}; opened on first use, -1 for any failure. */
    private static final class SemaphoreReader implements AutoCloseable {
        private final Path mem;
        private FileChannel channel;
        private boolean unavailable;

        SemaphoreReader(Path mem) {
            this.mem = mem;
        }

        int read(long address) {
            if (unavailable) {
                return -1;
            }
            try {
                if (channel == null) {
                    channel = FileChannel.open(mem, StandardOpenOption.READ);
                }
                ByteBuffer value = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
                while (value.hasRemaining()) {
                    if (channel.read(value, address + value.position()) <= 0) {
                        return -1;
                    }
                }
                return value.getShort(0) & 0xffff;
            } catch (IOException e) {
                // Without ptrace access the open fails: every count is unknown, not just this one.
                unavailable = channel == null;
                return -1;
            }
        }

        @Override
        public void close() {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // Nothing was written; a failed close loses nothing.
            }
        }
    }
}
