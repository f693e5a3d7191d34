package dev.hotscope.usdt.internal.elf;

import dev.hotscope.usdt.elf.Elf;

import static dev.hotscope.usdt.elf.Elf.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a minimal ELF64 x86-64 shared object that carries SystemTap SDT probes: one tiny
 * function per probe, a {@code .note.stapsdt} note per probe, {@code .stapsdt.base}, and a
 * 2-byte semaphore per probe in {@code .probes}. The object is valid for {@code dlopen} and for
 * every tool that reads SDT notes; it has no relocations and needs nothing from other objects.
 *
 * <p>Each probe function is {@code nop; nop5; ret}: the caller passes the arguments in the
 * System V argument registers, which is why every argument spec names a register.
 */
public final class SdtObjectWriter {
    private SdtObjectWriter() {}

    /** Argument registers of the System V x86-64 calling convention, in order. */
    public static final String[] ARG_REGISTERS = {"%rdi", "%rsi", "%rdx", "%rcx", "%r8", "%r9"};

    /** Bytes of one probe function; 16 keeps each site inside one cache line. */
    public static final int FUNCTION_SIZE = 16;

    /** {@code nop}, then the five-byte {@code nopl 0x0(%rax,%rax,1)}, then {@code ret}. */
    private static final byte[] FUNCTION_CODE = {
        (byte) 0x90, 0x0f, 0x1f, 0x44, 0x00, 0x00, (byte) 0xc3,
    };
    private static final byte INT3 = (byte) 0xcc;
    private static final int NOP5_OFFSET = 1;
    private static final long PAGE = 4096;
    private static final int PHDR_COUNT = 4;

    /**
     * One probe to write.
     *
     * @param name the probe name, a C identifier
     * @param args the SDT argument spec, e.g. {@code -8@%rdi 8@%rsi}; empty for none
     */
    public record ProbeSpec(String name, String args) {}

    /**
     * Writes the object.
     *
     * @param provider the provider name, a C identifier
     * @param probes the probes, at least one, names unique
     * @param noteAtNop5 whether notes point at the five-byte nop rather than the one-byte nop
     * @return the file and its layout
     */
    public static SdtObject write(String provider, List<ProbeSpec> probes, boolean noteAtNop5) {
        return new Layout(provider, probes, noteAtNop5).write();
    }

    /** Computes every offset first, then fills one buffer, so no section is ever moved. */
    private static final class Layout {
        private final String provider;
        private final List<ProbeSpec> probes;
        private final boolean noteAtNop5;
        private final int symbolCount;
        private final StringTable dynstr = new StringTable();
        private final StringTable shstr = new StringTable();
        private final int[] symbolNames;
        private final String[] symbolStrings;
        private final int soname;
        private final byte[] notes;
        private final int bucketCount;

        private final long hashOff, dynsymOff, dynstrOff, textOff, baseOff, textEnd;
        private final long probesOff, dynamicOff, dataEnd, notesOff, shstrOff, shdrOff, fileSize;

        Layout(String provider, List<ProbeSpec> probes, boolean noteAtNop5) {
            this.provider = provider;
            this.probes = probes;
            this.noteAtNop5 = noteAtNop5;
            int n = probes.size();
            symbolCount = 1 + 2 * n;
            symbolNames = new int[symbolCount];
            symbolStrings = new String[symbolCount];
            for (int i = 0; i < n; i++) {
                symbolStrings[1 + i] = functionSymbol(provider, probes.get(i).name());
                symbolStrings[1 + n + i] = semaphoreSymbol(provider, probes.get(i).name());
            }
            for (int sym = 1; sym < symbolCount; sym++) {
                symbolNames[sym] = dynstr.add(symbolStrings[sym]);
            }
            soname = dynstr.add("lib" + provider + ".hotscope-usdt.so");
            bucketCount = Math.max(1, symbolCount / 2);

            hashOff = align(EHDR_SIZE + (long) PHDR_COUNT * PHDR_SIZE, 8);
            dynsymOff = align(hashOff + 4L * (2 + bucketCount + symbolCount), 8);
            dynstrOff = dynsymOff + (long) SYM_SIZE * symbolCount;
            textOff = align(dynstrOff + dynstr.size(), FUNCTION_SIZE);
            baseOff = textOff + (long) FUNCTION_SIZE * n;
            textEnd = baseOff + 1;
            probesOff = align(textEnd, PAGE);
            dynamicOff = align(probesOff + 2L * n, 8);
            dataEnd = dynamicOff + DYN_SIZE * 7L;
            notes = buildNotes();
            notesOff = align(dataEnd, 4);
            shstrOff = notesOff + notes.length;
            for (String name : SECTION_NAMES) {
                shstr.add(name);
            }
            shdrOff = align(shstrOff + shstr.size(), 8);
            fileSize = shdrOff + (long) SHDR_SIZE * SECTION_NAMES.length;
        }

        long functionAddress(int i) {
            return textOff + (long) FUNCTION_SIZE * i;
        }

        long siteAddress(int i) {
            return functionAddress(i) + (noteAtNop5 ? NOP5_OFFSET : 0);
        }

        long semaphoreAddress(int i) {
            return probesOff + 2L * i;
        }

        SdtObject write() {
            ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(fileSize)).order(ByteOrder.LITTLE_ENDIAN);
            writeHeader(out);
            writeProgramHeaders(out);
            writeHash(out);
            writeDynsym(out);
            out.position((int) dynstrOff);
            out.put(dynstr.bytes());
            writeText(out);
            writeDynamic(out);
            out.position((int) notesOff);
            out.put(notes);
            out.position((int) shstrOff);
            out.put(shstr.bytes());
            writeSectionHeaders(out);
            List<Long> functions = new ArrayList<>();
            List<Long> sites = new ArrayList<>();
            for (int i = 0; i < probes.size(); i++) {
                functions.add(functionAddress(i));
                sites.add(siteAddress(i));
            }
            return new SdtObject(out.array(), textEnd, probesOff, dataEnd - probesOff,
                List.copyOf(functions), List.copyOf(sites), probesOff, PAGE);
        }

        private void writeHeader(ByteBuffer out) {
            out.put(new byte[] {0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2LSB, EV_CURRENT, ELFOSABI_NONE});
            out.position(16);
            out.putShort(ET_DYN).putShort(EM_X86_64).putInt(EV_CURRENT);
            out.putLong(0); // e_entry: a library has none
            out.putLong(EHDR_SIZE);
            out.putLong(shdrOff);
            out.putInt(0); // e_flags
            out.putShort((short) EHDR_SIZE).putShort((short) PHDR_SIZE).putShort((short) PHDR_COUNT);
            out.putShort((short) SHDR_SIZE).putShort((short) SECTION_NAMES.length)
                .putShort((short) Section.SHSTRTAB.ordinal());
        }

        private void writeProgramHeaders(ByteBuffer out) {
            out.position(EHDR_SIZE);
            programHeader(out, PT_LOAD, PF_R | PF_X, 0, textEnd, PAGE);
            programHeader(out, PT_LOAD, PF_R | PF_W, probesOff, dataEnd - probesOff, PAGE);
            programHeader(out, PT_DYNAMIC, PF_R | PF_W, dynamicOff, dataEnd - dynamicOff, 8);
            // Without PT_GNU_STACK the loader would make every thread stack executable.
            programHeader(out, PT_GNU_STACK, PF_R | PF_W, 0, 0, 16);
        }

        private static void programHeader(ByteBuffer out, int type, int flags, long offset, long size, long align) {
            out.putInt(type).putInt(flags);
            out.putLong(offset).putLong(offset).putLong(offset); // offset, vaddr, paddr: linked at 0
            out.putLong(size).putLong(size).putLong(align);
        }

        private void writeHash(ByteBuffer out) {
            out.position((int) hashOff);
            int[] buckets = new int[bucketCount];
            int[] chains = new int[symbolCount];
            for (int sym = 1; sym < symbolCount; sym++) {
                int bucket = (int) (Long.remainderUnsigned(elfHash(symbolStrings[sym]), bucketCount));
                chains[sym] = buckets[bucket];
                buckets[bucket] = sym;
            }
            out.putInt(bucketCount).putInt(symbolCount);
            for (int b : buckets) {
                out.putInt(b);
            }
            for (int c : chains) {
                out.putInt(c);
            }
        }

        private void writeDynsym(ByteBuffer out) {
            out.position((int) dynsymOff);
            out.put(new byte[SYM_SIZE]);
            int n = probes.size();
            for (int i = 0; i < n; i++) {
                symbol(out, symbolNames[1 + i], STT_FUNC, Section.TEXT, functionAddress(i), FUNCTION_CODE.length);
            }
            for (int i = 0; i < n; i++) {
                symbol(out, symbolNames[1 + n + i], STT_OBJECT, Section.PROBES, semaphoreAddress(i), 2);
            }
        }

        private static void symbol(ByteBuffer out, int name, int type, Section section, long value, long size) {
            out.putInt(name);
            out.put((byte) ((STB_GLOBAL << 4) | type));
            out.put((byte) STV_DEFAULT);
            out.putShort((short) section.ordinal());
            out.putLong(value).putLong(size);
        }

        private void writeText(ByteBuffer out) {
            out.position((int) textOff);
            byte[] function = new byte[FUNCTION_SIZE];
            java.util.Arrays.fill(function, INT3);
            System.arraycopy(FUNCTION_CODE, 0, function, 0, FUNCTION_CODE.length);
            for (int i = 0; i < probes.size(); i++) {
                out.put(function);
            }
            out.put((byte) 0); // .stapsdt.base: one byte whose address anchors the notes
        }

        private void writeDynamic(ByteBuffer out) {
            out.position((int) dynamicOff);
            dyn(out, DT_HASH, hashOff);
            dyn(out, DT_STRTAB, dynstrOff);
            dyn(out, DT_SYMTAB, dynsymOff);
            dyn(out, DT_STRSZ, dynstr.size());
            dyn(out, DT_SYMENT, SYM_SIZE);
            dyn(out, DT_SONAME, soname);
            dyn(out, DT_NULL, 0);
        }

        private static void dyn(ByteBuffer out, long tag, long value) {
            out.putLong(tag).putLong(value);
        }

        private byte[] buildNotes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] owner = (STAPSDT_OWNER + '\0').getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < probes.size(); i++) {
                ProbeSpec probe = probes.get(i);
                byte[] strings = (provider + '\0' + probe.name() + '\0' + probe.args() + '\0')
                    .getBytes(StandardCharsets.US_ASCII);
                int descSize = 3 * 8 + strings.length;
                ByteBuffer note = ByteBuffer.allocate(12 + (int) align(owner.length, 4) + (int) align(descSize, 4))
                    .order(ByteOrder.LITTLE_ENDIAN);
                note.putInt(owner.length).putInt(descSize).putInt(NT_STAPSDT);
                note.put(owner);
                note.position(12 + (int) align(owner.length, 4));
                note.putLong(siteAddress(i)).putLong(baseOff).putLong(semaphoreAddress(i));
                note.put(strings);
                all.writeBytes(note.array());
            }
            return all.toByteArray();
        }

        private void writeSectionHeaders(ByteBuffer out) {
            out.position((int) shdrOff);
            int dynsymIndex = Section.DYNSYM.ordinal();
            int dynstrIndex = Section.DYNSTR.ordinal();
            long alloc = SHF_ALLOC;
            out.put(new byte[SHDR_SIZE]);
            section(out, Section.HASH, SHT_HASH, alloc, hashOff, dynsymOff - hashOff, dynsymIndex, 0, 8, 4);
            section(out, Section.DYNSYM, SHT_DYNSYM, alloc, dynsymOff, dynstrOff - dynsymOff, dynstrIndex, 1, 8, SYM_SIZE);
            section(out, Section.DYNSTR, SHT_STRTAB, alloc, dynstrOff, dynstr.size(), 0, 0, 1, 0);
            section(out, Section.TEXT, SHT_PROGBITS, alloc | SHF_EXECINSTR, textOff, baseOff - textOff, 0, 0,
                FUNCTION_SIZE, 0);
            section(out, Section.STAPSDT_BASE, SHT_PROGBITS, alloc, baseOff, 1, 0, 0, 1, 0);
            section(out, Section.PROBES, SHT_PROGBITS, alloc | SHF_WRITE, probesOff, 2L * probes.size(), 0, 0, 2, 0);
            section(out, Section.DYNAMIC, SHT_DYNAMIC, alloc | SHF_WRITE, dynamicOff, dataEnd - dynamicOff,
                dynstrIndex, 0, 8, DYN_SIZE);
            sectionAt(out, Section.NOTE, SHT_NOTE, 0, 0, notesOff, notes.length, 0, 0, 4, 0);
            sectionAt(out, Section.SHSTRTAB, SHT_STRTAB, 0, 0, shstrOff, shstr.size(), 0, 0, 1, 0);
        }

        private void section(ByteBuffer out, Section s, int type, long flags, long offset, long size,
                             int link, int info, long align, long entsize) {
            sectionAt(out, s, type, flags, offset, offset, size, link, info, align, entsize);
        }

        private void sectionAt(ByteBuffer out, Section s, int type, long flags, long addr, long offset, long size,
                               int link, int info, long align, long entsize) {
            out.putInt(shstr.offsetOf(s.elfName)).putInt(type).putLong(flags);
            out.putLong(addr).putLong(offset).putLong(size);
            out.putInt(link).putInt(info).putLong(align).putLong(entsize);
        }

        private static long align(long value, long alignment) {
            return SdtObject.roundUp(value, alignment);
        }
    }

    /** Sections in header-table order; the ordinal is the section index. */
    private enum Section {
        NULL(""), HASH(".hash"), DYNSYM(".dynsym"), DYNSTR(".dynstr"), TEXT(".text"),
        STAPSDT_BASE(Elf.STAPSDT_BASE), PROBES(Elf.PROBES), DYNAMIC(".dynamic"), NOTE(Elf.NOTE_STAPSDT),
        SHSTRTAB(".shstrtab");

        final String elfName;

        Section(String elfName) {
            this.elfName = elfName;
        }
    }

    private static final String[] SECTION_NAMES = java.util.Arrays.stream(Section.values())
        .map(s -> s.elfName).toArray(String[]::new);

    /** The symbol of the function that fires a probe. */
    public static String functionSymbol(String provider, String probe) {
        return provider + "_" + probe;
    }

    /** The symbol of a probe's semaphore, named as {@code <sys/sdt.h>} names them. */
    public static String semaphoreSymbol(String provider, String probe) {
        return provider + "_" + probe + "_semaphore";
    }

    /** The System V ABI symbol hash used by {@code DT_HASH}. */
    static long elfHash(String name) {
        long h = 0;
        for (byte b : name.getBytes(StandardCharsets.US_ASCII)) {
            h = (h << 4) + (b & 0xff);
            long g = h & 0xf0000000L;
            if (g != 0) {
                h ^= g >>> 24;
            }
            h &= ~g;
        }
        return h & 0xffffffffL;
    }
}
