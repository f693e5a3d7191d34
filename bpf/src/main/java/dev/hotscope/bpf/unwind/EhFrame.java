package dev.hotscope.bpf.unwind;

import dev.hotscope.bpf.proc.LoadSegments;
import dev.hotscope.bpf.unwind.CfiRow.CfaRule;
import dev.hotscope.bpf.unwind.CfiRow.Rule;
import dev.hotscope.usdt.elf.ElfReader;
import dev.hotscope.usdt.elf.ElfReader.ProgramHeader;
import dev.hotscope.usdt.elf.ElfReader.Section;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The call frame information ({@code .eh_frame}) of one x86-64 ELF file, for stack walking: finds
 * the FDE covering an address (through {@code .eh_frame_hdr}'s binary search table when the file
 * has one, else through a sorted index built on first use) and runs its CFA program up to that
 * address, giving a {@link CfiRow}.
 *
 * <p>Understands CIE augmentations {@code z}, {@code R}, {@code P}, {@code L}, {@code S} and
 * {@code eh}; pointer encodings absptr, (s|u)data2/4/8, (s|u)leb128, pcrel, datarel, aligned and
 * indirect; every CFA instruction of DWARF 4 plus the GNU ones. CFA expressions other than the
 * PLT's standard one, and register expressions, make rows that say so ({@link CfaRule#EXPRESSION},
 * {@link Rule#EXPRESSION}) rather than fail.
 *
 * <p>Addresses are the file's link-time (virtual) addresses; {@link #vaddrOfFileOffset} turns a
 * file offset, which a process's mapping gives, into one. Rows are cached by address. Immutable
 * apart from the caches; thread-safe.
 */
public final class EhFrame {
    private static final int PT_GNU_EH_FRAME = 0x6474e550;
    private static final int SHT_NOBITS = 8;
    private static final int TABLE_DATAREL_SDATA4 = DwarfCursor.DW_EH_PE_DATAREL | DwarfCursor.DW_EH_PE_SDATA4;
    private static final int REGISTERS = 17;
    private static final int MAX_CACHED_ROWS = 1 << 16;
    private static final Object NO_ROW = new Object();

    /** An FDE: the code range {@code [start, end)} it describes and its offset in {@code .eh_frame}. */
    public record Fde(long start, long end, int offset) {
        /** Whether the FDE covers a link-time address. */
        public boolean covers(long vaddr) {
            return vaddr >= start && vaddr < end;
        }
    }

    private record Cie(int offset, int codeAlign, long dataAlign, int raRegister, int fdeEncoding, boolean augmented,
                       int instructionsStart, int instructionsEnd) {}

    private record ParsedFde(int offset, long start, long end, Cie cie, int instructionsStart, int instructionsEnd) {}

    private final String name;
    private final byte[] frame;
    private final long frameAddress;
    private final byte[] hdr;
    private final long hdrAddress;
    private final int tableOffset;
    private final int tableCount;
    private final LoadSegments segments;
    private final ConcurrentHashMap<Integer, Cie> cies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Object> rows = new ConcurrentHashMap<>();
    private volatile long[] indexStarts;
    private volatile int[] indexOffsets;

    private EhFrame(String name, byte[] frame, long frameAddress, byte[] hdr, long hdrAddress, LoadSegments segments) {
        this.name = name;
        this.frame = frame;
        this.frameAddress = frameAddress;
        this.segments = segments;
        int table = -1;
        int count = 0;
        if (hdr != null && hdr.length >= 4 && hdr[0] == 1 && (hdr[3] & 0xff) == TABLE_DATAREL_SDATA4
            && (hdr[2] & 0xff) != DwarfCursor.DW_EH_PE_OMIT) {
            DwarfCursor c = new DwarfCursor(hdr, hdrAddress, name + " .eh_frame_hdr");
            try {
                c.at(4, hdr.length);
                c.skipEncoded(hdr[1] & 0xff);
                long n = c.encoded(hdr[2] & 0xff, hdrAddress);
                if (n > 0 && n <= (hdr.length - c.pos) / 8) {
                    table = c.pos;
                    count = (int) n;
                }
            } catch (CfiException e) {
                table = -1; // unusable table: fall back to the index
            }
        }
        this.hdr = table >= 0 ? hdr : null;
        this.hdrAddress = hdrAddress;
        this.tableOffset = table;
        this.tableCount = count;
    }

    /**
     * Reads the CFI of an ELF file: {@code .eh_frame} and {@code .eh_frame_hdr} by section, or
     * through the {@code PT_GNU_EH_FRAME} segment in a file without section headers.
     *
     * @param file the file; not null
     * @return its CFI, {@linkplain #isEmpty() empty} if it has none
     * @throws IOException if the file cannot be read or is not an x86-64 ELF64 file
     */
    public static EhFrame read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (ElfReader elf = ElfReader.open(file)) {
            return of(elf);
        }
    }

    /**
     * Reads the CFI of an ELF image in memory, such as the vDSO.
     *
     * @param image the whole file; not null; not copied
     * @param name names it in messages
     * @return its CFI, {@linkplain #isEmpty() empty} if it has none
     * @throws IOException if the bytes are not an x86-64 ELF64 file
     */
    public static EhFrame of(byte[] image, String name) throws IOException {
        Objects.requireNonNull(image, "image");
        try (ElfReader elf = ElfReader.of(image, name)) {
            return of(elf);
        }
    }

    private static EhFrame of(ElfReader elf) throws IOException {
        List<ProgramHeader> loads = elf.programHeaders().stream().filter(ProgramHeader::isLoad).toList();
        LoadSegments segments = LoadSegments.of(loads);
        String name = elf.source();
        byte[] hdr = null;
        long hdrAddress = 0;
        Optional<Section> hdrSection = elf.section(".eh_frame_hdr").filter(s -> s.type() != SHT_NOBITS);
        if (hdrSection.isPresent()) {
            hdr = elf.sectionBytes(hdrSection.get());
            hdrAddress = hdrSection.get().addr();
        } else {
            for (ProgramHeader p : elf.programHeaders()) {
                if (p.type() == PT_GNU_EH_FRAME && p.filesz() > 0 && p.filesz() < Integer.MAX_VALUE) {
                    hdr = elf.bytesAt(p.offset(), (int) p.filesz());
                    hdrAddress = p.vaddr();
                }
            }
        }
        Optional<Section> frameSection = elf.section(".eh_frame").filter(s -> s.type() != SHT_NOBITS);
        if (frameSection.isPresent()) {
            return new EhFrame(name, elf.sectionBytes(frameSection.get()), frameSection.get().addr(), hdr, hdrAddress, segments);
        }
        if (hdr != null && hdr.length >= 4 && hdr[0] == 1) {
            // No section headers: .eh_frame starts where the header points and ends at its terminator,
            // somewhere before the end of its segment.
            DwarfCursor c = new DwarfCursor(hdr, hdrAddress, name + " .eh_frame_hdr").at(4, hdr.length);
            long address = c.encoded(hdr[1] & 0xff, hdrAddress);
            for (ProgramHeader p : loads) {
                long delta = address - p.vaddr();
                if (delta >= 0 && delta < p.filesz()) {
                    int length = (int) Math.min(p.filesz() - delta, Integer.MAX_VALUE);
                    return new EhFrame(name, elf.bytesAt(p.offset() + delta, length), address, hdr, hdrAddress, segments);
                }
            }
        }
        return new EhFrame(name, new byte[0], 0, null, 0, segments);
    }

    /**
     * CFI from raw sections, for tests and unusual containers.
     *
     * @param name names it in messages
     * @param ehFrame the {@code .eh_frame} bytes; not null
     * @param ehFrameAddress its link-time address
     * @param ehFrameHdr the {@code .eh_frame_hdr} bytes, or null to build an index instead
     * @param hdrAddress its link-time address
     * @return the CFI; no segments, so {@link #vaddrOfFileOffset} is the identity
     */
    public static EhFrame parse(String name, byte[] ehFrame, long ehFrameAddress, byte[] ehFrameHdr, long hdrAddress) {
        return new EhFrame(name, ehFrame.clone(), ehFrameAddress, ehFrameHdr == null ? null : ehFrameHdr.clone(),
            hdrAddress, LoadSegments.of(List.of(new ProgramHeader(1, 5, 0, 0, Long.MAX_VALUE, Long.MAX_VALUE, 0))));
    }

    /** The file's name (path) as given. */
    public String name() {
        return name;
    }

    /** Whether the file has no {@code .eh_frame}. */
    public boolean isEmpty() {
        return frame.length == 0;
    }

    /** Whether lookups use {@code .eh_frame_hdr}'s search table (else an index built once). */
    public boolean hasSearchTable() {
        return hdr != null;
    }

    /** The number of entries of the {@code .eh_frame_hdr} search table, 0 without one. */
    public int searchTableSize() {
        return tableCount;
    }

    /**
     * Translates a file offset to the link-time address through the {@code PT_LOAD} segment holding
     * it, as the symbolizer does: {@code vaddr = p_vaddr + (offset - p_offset)}.
     *
     * @return the address, or -1 if no segment maps that offset
     */
    public long vaddrOfFileOffset(long fileOffset) {
        return segments.vaddrOfFileOffset(fileOffset);
    }

    /**
     * The unwind row at a link-time address: the FDE covering it, its CIE's initial instructions
     * and its own instructions up to that address.
     *
     * @param vaddr the address (for a return address, pass the call instruction's: {@code ra - 1})
     * @return the row, or null if no FDE covers the address
     * @throws CfiException if the FDE or its CIE is malformed or uses an unknown encoding or opcode
     */
    public CfiRow rowAt(long vaddr) {
        Object cached = rows.get(vaddr);
        if (cached != null) {
            return cached == NO_ROW ? null : (CfiRow) cached;
        }
        ParsedFde fde = find(vaddr);
        CfiRow row = fde == null ? null : execute(fde, vaddr);
        if (rows.size() >= MAX_CACHED_ROWS) {
            rows.clear();
        }
        rows.put(vaddr, row == null ? NO_ROW : row);
        return row;
    }

    /**
     * The FDE covering a link-time address.
     *
     * @return it, or null
     * @throws CfiException if the FDE found is malformed
     */
    public Fde fdeFor(long vaddr) {
        ParsedFde f = find(vaddr);
        return f == null ? null : new Fde(f.start, f.end, f.offset);
    }

    /**
     * The row of an FDE at an address, without checking that the FDE covers it; with
     * {@link Long#MAX_VALUE} every instruction of the FDE runs.
     *
     * @throws CfiException if malformed
     */
    public CfiRow rowAt(Fde fde, long vaddr) {
        return execute(parseFde(fde.offset()), vaddr);
    }

    /**
     * Parses every CIE and FDE of {@code .eh_frame}.
     *
     * @return the FDEs by start address (zero-length ones included)
     * @throws CfiException at the first malformed entry
     */
    public List<Fde> fdes() {
        List<Fde> all = new ArrayList<>();
        for (int offset : fdeOffsets()) {
            ParsedFde f = parseFde(offset);
            all.add(new Fde(f.start, f.end, f.offset));
        }
        all.sort(Comparator.comparingLong(Fde::start));
        return all;
    }

    private List<Integer> fdeOffsets() {
        List<Integer> offsets = new ArrayList<>();
        DwarfCursor c = cursor();
        int offset = 0;
        while (frame.length - offset >= 4) {
            c.at(offset, frame.length);
            long length = c.u32();
            if (length == 0) {
                break; // terminator
            }
            if (length == 0xffffffffL) {
                length = c.u64();
            }
            if (length < 4 || length > c.limit - c.pos) {
                throw c.error("entry length " + length + " exceeds the section", offset);
            }
            int end = c.pos + (int) length;
            if (c.u32() != 0) {
                offsets.add(offset);
            }
            offset = end;
        }
        return offsets;
    }

    private DwarfCursor cursor() {
        return new DwarfCursor(frame, frameAddress, name + " .eh_frame");
    }

    private ParsedFde find(long vaddr) {
        if (frame.length == 0) {
            return null;
        }
        int offset = hdr != null ? searchTable(vaddr) : searchIndex(vaddr);
        if (offset < 0) {
            return null;
        }
        ParsedFde f = parseFde(offset);
        return vaddr >= f.start && vaddr < f.end ? f : null;
    }

    /** The offset in .eh_frame of the FDE with the greatest start at or below vaddr, or -1. */
    private int searchTable(long vaddr) {
        int lo = 0;
        int hi = tableCount - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long start = hdrAddress + s32(hdr, tableOffset + 8 * mid);
            if (start <= vaddr) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return -1;
        }
        long fde = hdrAddress + s32(hdr, tableOffset + 8 * found + 4) - frameAddress;
        if (fde < 0 || fde >= frame.length) {
            throw new CfiException(name + " .eh_frame_hdr: entry " + found + " points outside .eh_frame");
        }
        return (int) fde;
    }

    private int searchIndex(long vaddr) {
        long[] starts = indexStarts;
        if (starts == null) {
            starts = buildIndex();
        }
        int i = Arrays.binarySearch(starts, vaddr);
        if (i < 0) {
            i = -i - 2;
        }
        // Several FDEs can start at one address (zero-length ones); the sort keeps the last one found.
        return i < 0 ? -1 : indexOffsets[i];
    }

    private synchronized long[] buildIndex() {
        if (indexStarts != null) {
            return indexStarts;
        }
        List<Fde> all = new ArrayList<>();
        for (Fde f : fdes()) {
            if (f.end() > f.start()) {
                all.add(f);
            }
        }
        long[] starts = new long[all.size()];
        int[] offsets = new int[all.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = all.get(i).start();
            offsets[i] = all.get(i).offset();
        }
        indexOffsets = offsets;
        indexStarts = starts;
        return starts;
    }

    private static int s32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | b[at + 3] << 24;
    }

    /** Positions the cursor on an entry's body (after the length) and returns the entry's end. */
    private static int entry(DwarfCursor c, int offset, int sectionLength) {
        c.at(offset, sectionLength);
        long length = c.u32();
        if (length == 0xffffffffL) {
            length = c.u64();
        }
        if (length < 4 || length > c.limit - c.pos) {
            throw c.error("entry length " + length + " is invalid", offset);
        }
        int end = c.pos + (int) length;
        c.limit = end;
        return end;
    }

    private ParsedFde parseFde(int offset) {
        DwarfCursor c = cursor();
        int end = entry(c, offset, frame.length);
        int idAt = c.pos;
        long pointer = c.u32();
        if (pointer == 0) {
            throw c.error("expected an FDE, found a CIE", offset);
        }
        long cieOffset = idAt - pointer;
        if (cieOffset < 0) {
            throw c.error("CIE pointer " + pointer + " points before the section", offset);
        }
        Cie cie = cie((int) cieOffset);
        if ((cie.fdeEncoding & DwarfCursor.DW_EH_PE_INDIRECT) != 0) {
            throw c.error("indirect FDE addresses are not supported", offset);
        }
        long start = c.encoded(cie.fdeEncoding, 0);
        long range = c.encodedValue(cie.fdeEncoding);
        if (cie.augmented) {
            c.skip(c.uleb());
        }
        return new ParsedFde(offset, start, start + range, cie, c.pos, end);
    }

    private Cie cie(int offset) {
        Cie cie = cies.get(offset);
        if (cie == null) {
            cie = parseCie(offset);
            cies.put(offset, cie);
        }
        return cie;
    }

    private Cie parseCie(int offset) {
        DwarfCursor c = cursor();
        int end = entry(c, offset, frame.length);
        if (c.u32() != 0) {
            throw c.error("expected a CIE", offset);
        }
        int version = c.u8();
        if (version != 1 && version != 3 && version != 4) {
            throw c.error("CIE version " + version + " is not supported", offset);
        }
        String augmentation = c.cstring();
        if (augmentation.contains("eh")) {
            c.skip(8);
        }
        if (version == 4) {
            c.u8(); // address size
            c.u8(); // segment selector size
        }
        int codeAlign = c.ulebInt();
        long dataAlign = c.sleb();
        int ra = version == 1 ? c.u8() : c.ulebInt();
        int fdeEncoding = DwarfCursor.DW_EH_PE_ABSPTR;
        boolean augmented = augmentation.startsWith("z");
        if (augmented) {
            long length = c.uleb();
            if (length < 0 || length > c.limit - c.pos) {
                throw c.error("augmentation data length " + length + " exceeds the CIE", offset);
            }
            int dataEnd = c.pos + (int) length;
            scan:
            for (int i = 1; i < augmentation.length(); i++) {
                switch (augmentation.charAt(i)) {
                    case 'R' -> fdeEncoding = c.u8();
                    case 'P' -> c.skipEncoded(c.u8());
                    case 'L' -> c.u8();
                    case 'S', 'B', 'G' -> { }
                    default -> {
                        break scan; // unknown, but 'z' gave the length: skip the rest
                    }
                }
            }
            c.pos = dataEnd;
        } else if (!augmentation.isEmpty() && !augmentation.equals("eh")) {
            throw c.error("CIE augmentation \"" + augmentation + "\" is not supported", offset);
        }
        return new Cie(offset, codeAlign, dataAlign, ra, fdeEncoding, augmented, c.pos, end);
    }

    /** A CFA program's state: the CFA rule and the rules of registers 0..16. */
    private static final class State {
        CfaRule cfa = CfaRule.REGISTER_OFFSET;
        int cfaRegister = CfiRow.RSP;
        long cfaOffset = 8;
        int pltThreshold;
        final Rule[] rules = new Rule[REGISTERS];
        final long[] values = new long[REGISTERS];

        State() {
            Arrays.fill(rules, Rule.SAME_VALUE);
        }

        State copy() {
            State s = new State();
            s.cfa = cfa;
            s.cfaRegister = cfaRegister;
            s.cfaOffset = cfaOffset;
            s.pltThreshold = pltThreshold;
            System.arraycopy(rules, 0, s.rules, 0, REGISTERS);
            System.arraycopy(values, 0, s.values, 0, REGISTERS);
            return s;
        }

        void set(int register, Rule rule, long value) {
            if (register >= 0 && register < REGISTERS) {
                rules[register] = rule;
                values[register] = value;
            }
        }
    }

    private CfiRow execute(ParsedFde fde, long pc) {
        Cie cie = fde.cie;
        DwarfCursor c = cursor();
        State state = new State();
        long[] loc = {fde.start};
        List<State> stack = new ArrayList<>();
        c.at(cie.instructionsStart, cie.instructionsEnd);
        boolean reached = run(c, cie, state, null, stack, loc, pc);
        State initial = state.copy();
        if (!reached) {
            c.at(fde.instructionsStart, fde.instructionsEnd);
            run(c, cie, state, initial, stack, loc, pc);
        }
        int ra = cie.raRegister < REGISTERS ? cie.raRegister : CfiRow.RETURN_ADDRESS;
        return new CfiRow(state.cfa, state.cfa == CfaRule.EXPRESSION ? -1 : state.cfaRegister, state.cfaOffset,
            state.pltThreshold, state.rules[CfiRow.RBP], state.values[CfiRow.RBP], state.rules[ra], state.values[ra]);
    }

    /** Runs instructions until their end or until the location passes pc; true if it did. */
    private boolean run(DwarfCursor c, Cie cie, State s, State initial, List<State> stack, long[] loc, long pc) {
        long data = cie.dataAlign;
        while (c.hasMore()) {
            int at = c.pos;
            int op = c.u8();
            long advance = -1;
            switch (op & 0xc0) {
                case 0x40 -> advance = (long) (op & 0x3f) * cie.codeAlign;
                case 0x80 -> s.set(op & 0x3f, Rule.OFFSET, c.uleb() * data);
                case 0xc0 -> restore(s, initial, op & 0x3f);
                default -> {
                    switch (op) {
                        case 0x00 -> { } // nop
                        case 0x01 -> { // set_loc
                            long target = c.encoded(cie.fdeEncoding, 0);
                            if (target > pc) {
                                return true;
                            }
                            loc[0] = target;
                        }
                        case 0x02 -> advance = (long) c.u8() * cie.codeAlign;
                        case 0x03 -> advance = (long) c.u16() * cie.codeAlign;
                        case 0x04 -> advance = c.u32() * cie.codeAlign;
                        case 0x05 -> s.set(c.ulebInt(), Rule.OFFSET, c.uleb() * data); // offset_extended
                        case 0x06 -> restore(s, initial, c.ulebInt()); // restore_extended
                        case 0x07 -> s.set(c.ulebInt(), Rule.UNDEFINED, 0);
                        case 0x08 -> s.set(c.ulebInt(), Rule.SAME_VALUE, 0);
                        case 0x09 -> { // register
                            int register = c.ulebInt();
                            s.set(register, Rule.REGISTER, c.ulebInt());
                        }
                        case 0x0a -> stack.add(s.copy()); // remember_state
                        case 0x0b -> { // restore_state
                            if (stack.isEmpty()) {
                                throw c.error("DW_CFA_restore_state without remember_state", at);
                            }
                            State saved = stack.remove(stack.size() - 1);
                            s.cfa = saved.cfa;
                            s.cfaRegister = saved.cfaRegister;
                            s.cfaOffset = saved.cfaOffset;
                            s.pltThreshold = saved.pltThreshold;
                            System.arraycopy(saved.rules, 0, s.rules, 0, REGISTERS);
                            System.arraycopy(saved.values, 0, s.values, 0, REGISTERS);
                        }
                        case 0x0c -> { // def_cfa
                            s.cfa = CfaRule.REGISTER_OFFSET;
                            s.cfaRegister = c.ulebInt();
                            s.cfaOffset = c.uleb();
                        }
                        case 0x0d -> { // def_cfa_register
                            s.cfa = CfaRule.REGISTER_OFFSET;
                            s.cfaRegister = c.ulebInt();
                        }
                        case 0x0e -> s.cfaOffset = c.uleb(); // def_cfa_offset
                        case 0x0f -> cfaExpression(c, s); // def_cfa_expression
                        case 0x10, 0x16 -> { // expression, val_expression
                            int register = c.ulebInt();
                            c.skip(c.uleb());
                            s.set(register, Rule.EXPRESSION, 0);
                        }
                        case 0x11 -> s.set(c.ulebInt(), Rule.OFFSET, c.sleb() * data); // offset_extended_sf
                        case 0x12 -> { // def_cfa_sf
                            s.cfa = CfaRule.REGISTER_OFFSET;
                            s.cfaRegister = c.ulebInt();
                            s.cfaOffset = c.sleb() * data;
                        }
                        case 0x13 -> s.cfaOffset = c.sleb() * data; // def_cfa_offset_sf
                        case 0x14 -> s.set(c.ulebInt(), Rule.VAL_OFFSET, c.uleb() * data); // val_offset
                        case 0x15 -> s.set(c.ulebInt(), Rule.VAL_OFFSET, c.sleb() * data); // val_offset_sf
                        case 0x2e -> c.uleb(); // GNU_args_size
                        case 0x2f -> s.set(c.ulebInt(), Rule.OFFSET, -c.uleb() * data); // GNU_negative_offset_extended
                        default -> throw c.error("unknown CFA opcode 0x" + Integer.toHexString(op), at);
                    }
                }
            }
            if (advance >= 0) {
                loc[0] += advance;
                if (loc[0] > pc) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void restore(State s, State initial, int register) {
        if (register >= REGISTERS) {
            return;
        }
        if (initial == null) {
            s.set(register, Rule.SAME_VALUE, 0); // restore in a CIE: back to the default
        } else {
            s.set(register, initial.rules[register], initial.values[register]);
        }
    }

    /**
     * Recognizes the lazy-binding PLT's CFA expression, {@code DW_OP_breg7 (rsp) N; DW_OP_breg16
     * (rip) 0; DW_OP_lit15; DW_OP_and; DW_OP_litT; DW_OP_ge; DW_OP_lit3; DW_OP_shl; DW_OP_plus};
     * any other expression makes the CFA {@link CfaRule#EXPRESSION}.
     */
    private static void cfaExpression(DwarfCursor c, State s) {
        long length = c.uleb();
        if (length < 0 || length > c.limit - c.pos) {
            throw c.error("expression length " + length + " exceeds the entry", c.pos);
        }
        int end = c.pos + (int) length;
        int limit = c.limit;
        s.cfa = CfaRule.EXPRESSION;
        c.limit = end;
        try {
            if (c.u8() == 0x77) {
                long offset = c.sleb();
                if (c.u8() == 0x80 && c.sleb() == 0 && c.u8() == 0x3f && c.u8() == 0x1a) {
                    int lit = c.u8();
                    if (lit >= 0x30 && lit <= 0x4f && c.u8() == 0x2a && c.u8() == 0x33 && c.u8() == 0x24
                        && c.u8() == 0x22 && c.pos == end) {
                        s.cfa = CfaRule.PLT;
                        s.cfaRegister = CfiRow.RSP;
                        s.cfaOffset = offset;
                        s.pltThreshold = lit - 0x30;
                    }
                }
            }
        } catch (CfiException e) {
            // shorter than the pattern: some other expression
        }
        c.limit = limit;
        c.pos = end;
    }

    @Override
    public String toString() {
        return "EhFrame[" + name + ", " + frame.length + " B" + (hdr != null ? ", " + tableCount + " FDEs indexed" : "") + "]";
    }
}
