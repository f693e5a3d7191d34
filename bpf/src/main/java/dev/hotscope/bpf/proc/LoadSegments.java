package dev.hotscope.bpf.proc;

import dev.hotscope.usdt.elf.ElfReader.ProgramHeader;
import java.util.List;

/**
 * The {@code PT_LOAD} segments of an ELF file, for turning the file offset a process's mapping
 * gives into the link-time address that symbols and CFI use. Immutable.
 */
public final class LoadSegments {
    /** No segments: every offset misses. */
    public static final LoadSegments NONE = new LoadSegments(new long[0], new long[0], new long[0]);

    private final long[] offsets;
    private final long[] vaddrs;
    private final long[] fileSizes;

    private LoadSegments(long[] offsets, long[] vaddrs, long[] fileSizes) {
        this.offsets = offsets;
        this.vaddrs = vaddrs;
        this.fileSizes = fileSizes;
    }

    /**
     * Keeps the {@code PT_LOAD} segments of a file's program headers.
     *
     * @param headers the program headers; not null
     * @return the segments
     * @throws NullPointerException if {@code headers} is null
     */
    public static LoadSegments of(List<ProgramHeader> headers) {
        List<ProgramHeader> loads = headers.stream().filter(ProgramHeader::isLoad).toList();
        long[] offsets = new long[loads.size()];
        long[] vaddrs = new long[loads.size()];
        long[] fileSizes = new long[loads.size()];
        for (int i = 0; i < loads.size(); i++) {
            offsets[i] = loads.get(i).offset();
            vaddrs[i] = loads.get(i).vaddr();
            fileSizes[i] = loads.get(i).filesz();
        }
        return new LoadSegments(offsets, vaddrs, fileSizes);
    }

    /**
     * Translates a file offset to the link-time address through the segment holding it:
     * {@code vaddr = p_vaddr + (offset - p_offset)}.
     *
     * @param fileOffset the offset
     * @return the address, or -1 if no segment holds that offset
     */
    public long vaddrOfFileOffset(long fileOffset) {
        for (int i = 0; i < offsets.length; i++) {
            long delta = fileOffset - offsets[i];
            if (delta >= 0 && delta < fileSizes[i]) {
                return vaddrs[i] + delta;
            }
        }
        return -1;
    }
}
