package dev.hotscope.usdt;

import dev.hotscope.usdt.elf.Elf;
import dev.hotscope.usdt.elf.ElfReader.ProgramHeader;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Finds where a semaphore of a loaded ELF file lives in a process, from the file's mappings. */
final class SemaphoreLocator {
    private static final long PAGE = 4096;

    private SemaphoreLocator() {}

    /**
     * The run-time address of a link-time address inside a {@code PT_LOAD} segment.
     *
     * <p>The load bias is taken from a mapping of the segment that holds the address, not from the
     * file's first mapping: segments need not keep {@code vaddr - offset} equal (libpython's data
     * segment differs from its text by a page), and only a mapping of the right segment gives
     * {@code start - offset} in that segment's terms.
     *
     * @param linkAddress the link-time address, e.g. of a semaphore
     * @param segments the file's program headers
     * @param mappings this file's lines of {@code /proc/PID/maps}
     * @return the address in the process, or 0 if no mapping of the segment can be found
     */
    static long runtimeAddress(long linkAddress, List<ProgramHeader> segments, List<MapsEntry> mappings) {
        Optional<ProgramHeader> holder = segments.stream()
            .filter(p -> p.isLoad() && linkAddress >= p.vaddr() && linkAddress - p.vaddr() < p.memsz())
            .findFirst();
        if (holder.isEmpty()) {
            return 0;
        }
        ProgramHeader segment = holder.get();
        // Where the address would sit in the file; past filesz (.bss) the mapping still extends linearly.
        long fileSpot = segment.offset() + (linkAddress - segment.vaddr());
        return mappingOf(segment, fileSpot, mappings)
            .map(m -> m.start() + (fileSpot - m.offset()))
            .orElse(0L);
    }

    /**
     * Picks a mapping made from this segment. A neighbouring segment's mapping can share the
     * segment's first or last file page, so it is told apart by permissions: a writable segment
     * (where semaphores live) prefers private writable mappings, which its read-only neighbours
     * never are; otherwise only mappings starting inside the segment's file image count.
     */
    private static Optional<MapsEntry> mappingOf(ProgramHeader segment, long fileSpot, List<MapsEntry> mappings) {
        long imageStart = segment.offset() & -PAGE;
        long imageEnd = Math.max(segment.offset() + segment.filesz(), imageStart + 1);
        Comparator<MapsEntry> preferred = Comparator
            .comparing((MapsEntry m) -> !(m.offset() <= fileSpot && fileSpot - m.offset() < m.length()))
            .thenComparingLong(MapsEntry::offset)
            .thenComparingLong(MapsEntry::start);
        if ((segment.flags() & Elf.PF_W) != 0) {
            Optional<MapsEntry> writable = mappings.stream()
                .filter(m -> m.isWritable() && m.isPrivate() && m.offset() < imageEnd
                    && m.offset() + m.length() > imageStart)
                .min(preferred);
            if (writable.isPresent()) {
                return writable;
            }
        }
        return mappings.stream()
            .filter(m -> m.offset() >= imageStart && m.offset() < imageEnd)
            .min(preferred);
    }
}
