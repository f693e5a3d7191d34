package dev.hotscope.usdt.elf;

import static dev.hotscope.usdt.elf.Elf.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads an ELF64 little-endian x86-64 file: headers, sections, symbols and SystemTap SDT notes.
 *
 * <p>Every offset and size taken from the file is checked against the file's length before use,
 * so a truncated or corrupt file gives an {@link IOException} with a one-line message naming the
 * file, never an {@link IndexOutOfBoundsException}.
 *
 * <p>A reader {@linkplain #open opened} on a file holds it open, and nothing else: the file is
 * never memory-mapped (a mapping would outlive {@link #close()} until the garbage collector ran,
 * show in this process's maps and keep a deleted file's blocks allocated). Headers are read at
 * open; symbols, notes and section bytes are read when asked for, so they need the reader open.
 * Thread-safe.
 */
public final class ElfReader implements AutoCloseable {
    private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
    private static final int SHN_UNDEF = 0;
    private static final int SHN_XINDEX = 0xffff;
    private static final int SDT_FIXED_DESC = 24;

    private final String source;
    private final Bytes bytes;
    private final long size;
    private final int type;
    private final int machine;
    private final List<ProgramHeader> programHeaders;
    private final List<Section> sections;

    /** One program header (segment). */
    public record ProgramHeader(int type, int flags, long offset, long vaddr, long filesz, long memsz, long align) {
        /** Whether this is a {@code PT_LOAD} segment. */
        public boolean isLoad() {
            return type == PT_LOAD;
        }
    }

    /** One section header, with its name resolved from the section-name string table. */
    public record Section(int index, String name, int type, long flags, long addr, long offset, long size,
                          int link, int info, long entsize) {}

    /** The symbol table a {@link Symbol} came from. */
    public enum SymbolTable { SYMTAB, DYNSYM }

    /** One symbol; {@code type} and {@code binding} are the {@code STT_*} and {@code STB_*} values. */
    public record Symbol(String name, long value, long size, int type, int binding, int sectionIndex,
                         SymbolTable table) {}

    /**
     * One SystemTap SDT note exactly as stored; addresses are not yet adjusted for prelinking
     * (see {@link ElfReader#adjustedPc(SdtNote)}).
     */
    public record SdtNote(String provider, String name, String args, long pc, long base, long semaphore) {}

    private ElfReader(String source, Bytes bytes) throws IOException {
        this.source = source;
        this.bytes = bytes;
        this.size = bytes.size();
        Window header = checkIdentification();
        this.type = header.u16(0x10);
        this.machine = header.u16(0x12);
        if (machine != EM_X86_64) {
            throw corrupt("ELF machine " + machine + " is not supported; expected x86-64 (" + EM_X86_64 + ")");
        }
        this.programHeaders = List.copyOf(readProgramHeaders(header));
        this.sections = List.copyOf(readSections(header));
    }

    /**
     * Opens a file and reads its headers; the reader keeps the file open until {@link #close()}.
     *
     * @param file the file; not null
     * @return the reader, to be closed by the caller
     * @throws IOException if the file cannot be read, is not ELF64 little-endian x86-64, or is corrupt;
     *     a missing file is a {@link NoSuchFileException}, an unreadable one an {@link AccessDeniedException}
     */
    public static ElfReader open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(name, null, "no such file");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(name, null, "permission denied");
        }
        try {
            return new ElfReader(name, new FileBytes(channel, name));
        } catch (IOException | RuntimeException | Error e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reads an ELF image held in memory; the array is not copied, so it must not change afterwards.
     * Such a reader holds no resource; closing it only makes later reads fail.
     *
     * @param bytes the whole file; not null
     * @param source how to name the image in error messages; not null
     * @return the reader
     * @throws IOException if the bytes are not ELF64 little-endian x86-64 or are corrupt
     */
    public static ElfReader of(byte[] bytes, String source) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(source, "source");
        return new ElfReader(source, new HeapBytes(bytes, source));
    }

    /**
     * Closes the file; idempotent. Headers stay readable; symbols, notes and section bytes then
     * fail with an {@link IOException}.
     *
     * @throws IOException if closing the file fails
     */
    @Override
    public void close() throws IOException {
        bytes.close();
    }

    /**
     * Tells whether a file starts with the ELF magic; reads four bytes only.
     *
     * @param file the file; not null
     * @return true if the first four bytes are {@code \x7fELF}
     * @throws IOException if the file cannot be opened or read
     */
    public static boolean hasElfMagic(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(MAGIC.length);
            while (head.hasRemaining() && channel.read(head) > 0) {
                // a short read from a pipe-like file just loops
            }
            return !head.hasRemaining() && java.util.Arrays.equals(head.array(), MAGIC);
        }
    }

    /** The name used in error messages: the path, or the source given to {@link #of}. */
    public String source() {
        return source;
    }

    /** The ELF type {@code e_type}, e.g. {@link Elf#ET_DYN}. */
    public int type() {
        return type;
    }

    /** The ELF machine {@code e_machine}; always {@link Elf#EM_X86_64}. */
    public int machine() {
        return machine;
    }

    /** The program headers in file order; never null, possibly empty. */
    public List<ProgramHeader> programHeaders() {
        return programHeaders;
    }

    /** The section headers in file order (index 0 is the null section); never null, possibly empty. */
    public List<Section> sections() {
        return sections;
    }

    /**
     * Finds the first section with a name.
     *
     * @param name the section name, e.g. {@code .text}; not null
     * @return the section, or empty if there is none
     */
    public Optional<Section> section(String name) {
        Objects.requireNonNull(name, "name");
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * Copies a section's contents out of the file.
     *
     * @param section a section of this file; not null
     * @return the bytes; empty for {@code SHT_NOBITS} sections such as {@code .bss}
     * @throws IOException if the section lies outside the file
     */
    public byte[] sectionBytes(Section section) throws IOException {
        Objects.requireNonNull(section, "section");
        if (section.type() == SHT_NOBITS) {
            return new byte[0];
        }
        return window(section.offset(), section.size(), "section " + describe(section)).array();
    }

    /**
     * Copies bytes of the file, such as a segment's contents in a file without section headers.
     *
     * @param offset the file offset
     * @param length how many bytes
     * @return the bytes
     * @throws IOException if the range lies outside the file, or the reader is closed
     */
    public byte[] bytesAt(long offset, int length) throws IOException {
        return window(offset, length, "range").array();
    }

    /**
     * Reads every symbol of {@code .symtab} and {@code .dynsym} (found by section type), including
     * the null symbol at index 0 of each table.
     *
     * @return the symbols, table by table in section order; never null
     * @throws IOException if a symbol table or its string table is corrupt
     */
    public List<Symbol> symbols() throws IOException {
        List<Symbol> symbols = new ArrayList<>();
        for (Section s : sections) {
            if (s.type() == SHT_SYMTAB) {
                readSymbols(s, SymbolTable.SYMTAB, symbols);
            } else if (s.type() == SHT_DYNSYM) {
                readSymbols(s, SymbolTable.DYNSYM, symbols);
            }
        }
        return symbols;
    }

    /**
     * Reads the SystemTap SDT notes of {@code .note.stapsdt}, in file order; notes of other owners
     * or types in that section are skipped.
     *
     * @return the notes as stored; empty if the file has no such section
     * @throws IOException if the note section is corrupt
     */
    public List<SdtNote> sdtNotes() throws IOException {
        Optional<Section> notes = section(NOTE_STAPSDT);
        if (notes.isEmpty() || notes.get().type() == SHT_NOBITS) {
            return List.of();
        }
        Section s = notes.get();
        Window w = window(s.offset(), s.size(), "section " + describe(s));
        List<SdtNote> result = new ArrayList<>();
        long end = s.offset() + s.size();
        long at = s.offset();
        while (at < end) {
            at = readNote(w, at, end, result);
        }
        return result;
    }

    /** The address of {@code .stapsdt.base}, or empty if the file has no such section. */
    public OptionalLong stapsdtBase() {
        return section(STAPSDT_BASE).map(s -> OptionalLong.of(s.addr())).orElse(OptionalLong.empty());
    }

    /**
     * The probe address corrected for prelinking: when {@code .stapsdt.base} exists, the note's
     * {@code pc} moved by as much as that section moved since the note was written.
     *
     * @param note a note of this file; not null
     * @return the link-time address of the probe site
     */
    public long adjustedPc(SdtNote note) {
        return note.pc() + prelinkDelta(note);
    }

    /**
     * The semaphore address corrected for prelinking, as {@link #adjustedPc}.
     *
     * @param note a note of this file; not null
     * @return the link-time address of the semaphore, or 0 if the probe has none
     */
    public long adjustedSemaphore(SdtNote note) {
        return note.semaphore() == 0 ? 0 : note.semaphore() + prelinkDelta(note);
    }

    /**
     * Translates a virtual address to a file offset through the {@code PT_LOAD} segments.
     *
     * @param vaddr a link-time virtual address
     * @return the file offset, or -1 if no segment holds file bytes for it (unmapped, or zero-fill
     *     such as {@code .bss})
     */
    public long fileOffsetOf(long vaddr) {
        for (ProgramHeader p : programHeaders) {
            if (p.isLoad() && Long.compareUnsigned(vaddr, p.vaddr()) >= 0
                && Long.compareUnsigned(vaddr - p.vaddr(), p.filesz()) < 0) {
                return p.offset() + (vaddr - p.vaddr());
            }
        }
        return -1;
    }

    private long prelinkDelta(SdtNote note) {
        Objects.requireNonNull(note, "note");
        OptionalLong base = stapsdtBase();
        return base.isPresent() ? base.getAsLong() - note.base() : 0;
    }

    private Window checkIdentification() throws IOException {
        if (size == 0) {
            throw corrupt("not an ELF file (it is empty)");
        }
        Window header = window(0, Math.min(size, EHDR_SIZE), "ELF header");
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= size || header.u8(i) != (MAGIC[i] & 0xff)) {
                throw corrupt("not an ELF file (no \\x7fELF magic at offset 0)");
            }
        }
        if (size < 6) {
            throw corrupt("truncated ELF header (" + size + " of " + EHDR_SIZE + " bytes)");
        }
        int elfClass = (byte) header.u8(4);
        if (elfClass != ELFCLASS64) {
            throw corrupt("ELF class " + elfClass + (elfClass == 1 ? " (32-bit)" : "")
                + " is not supported; expected ELF64 (class " + ELFCLASS64 + ")");
        }
        int encoding = (byte) header.u8(5);
        if (encoding != ELFDATA2LSB) {
            throw corrupt("ELF data encoding " + encoding + (encoding == 2 ? " (big-endian)" : "")
                + " is not supported; expected little-endian (" + ELFDATA2LSB + ")");
        }
        if (size < EHDR_SIZE) {
            throw corrupt("truncated ELF header (" + size + " of " + EHDR_SIZE + " bytes)");
        }
        return header;
    }

    private List<ProgramHeader> readProgramHeaders(Window header) throws IOException {
        long phoff = header.u64(0x20);
        int phentsize = header.u16(0x36);
        int phnum = header.u16(0x38);
        List<ProgramHeader> headers = new ArrayList<>(phnum);
        if (phnum == 0) {
            return headers;
        }
        if (phentsize != PHDR_SIZE) {
            throw corrupt("program header entry size " + phentsize + " is not " + PHDR_SIZE);
        }
        Window w = window(phoff, (long) phnum * PHDR_SIZE, phnum + " program headers");
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * PHDR_SIZE;
            headers.add(new ProgramHeader((int) w.u32(at), (int) w.u32(at + 4), w.u64(at + 8), w.u64(at + 16),
                w.u64(at + 32), w.u64(at + 40), w.u64(at + 48)));
        }
        return headers;
    }

    private List<Section> readSections(Window header) throws IOException {
        long shoff = header.u64(0x28);
        int shentsize = header.u16(0x3a);
        long shnum = header.u16(0x3c);
        long shstrndx = header.u16(0x3e);
        if (shoff == 0) {
            return new ArrayList<>();
        }
        if (shentsize != SHDR_SIZE) {
            throw corrupt("section header entry size " + shentsize + " is not " + SHDR_SIZE);
        }
        Window first = window(shoff, SHDR_SIZE, "section header table");
        // Files with 0xff00 or more sections keep the real counts in section header 0.
        if (shnum == 0) {
            shnum = first.u64(shoff + 32);
        }
        if (shstrndx == SHN_XINDEX) {
            shstrndx = first.u32(shoff + 40);
        }
        if (shnum < 0 || shnum > size / SHDR_SIZE) {
            throw corrupt(Long.toUnsignedString(shnum) + " section headers cannot fit in " + size + " bytes");
        }
        Window w = window(shoff, shnum * SHDR_SIZE, "section header table of " + shnum + " entries");
        List<long[]> raw = new ArrayList<>((int) shnum);
        for (int i = 0; i < shnum; i++) {
            long at = shoff + (long) i * SHDR_SIZE;
            raw.add(new long[] {w.u32(at), w.u32(at + 4), w.u64(at + 8), w.u64(at + 16), w.u64(at + 24),
                w.u64(at + 32), w.u32(at + 40), w.u32(at + 44), w.u64(at + 56)});
        }
        long[] names = null;
        Window nameTable = null;
        if (shstrndx != SHN_UNDEF) {
            if (shstrndx >= shnum) {
                throw corrupt("section-name table index " + shstrndx + " is past the " + shnum + " sections");
            }
            names = raw.get((int) shstrndx);
            nameTable = window(names[4], names[5], "section-name table");
        }
        List<Section> result = new ArrayList<>((int) shnum);
        for (int i = 0; i < shnum; i++) {
            long[] h = raw.get(i);
            String name = names == null ? ""
                : nameTable.cString(names[4] + h[0], names[4] + names[5], "section-name table");
            result.add(new Section(i, name, (int) h[1], h[2], h[3], h[4], h[5], (int) h[6], (int) h[7], h[8]));
        }
        return result;
    }

    private void readSymbols(Section table, SymbolTable kind, List<Symbol> out) throws IOException {
        String what = "symbol table " + describe(table);
        long entsize = table.entsize() == 0 ? SYM_SIZE : table.entsize();
        if (entsize != SYM_SIZE || table.size() % SYM_SIZE != 0) {
            throw corrupt(what + " has entry size " + table.entsize() + " and size " + table.size()
                + "; expected multiples of " + SYM_SIZE);
        }
        require(table.offset(), table.size(), what);
        if (table.link() < 0 || table.link() >= sections.size()) {
            throw corrupt(what + " links to string table " + table.link() + ", which does not exist");
        }
        Section strings = sections.get(table.link());
        String stringsWhat = "string table " + describe(strings);
        Window names = window(strings.offset(), strings.size(), stringsWhat);
        Window w = window(table.offset(), table.size(), what);
        long stringsEnd = strings.offset() + strings.size();
        for (long at = table.offset(); at < table.offset() + table.size(); at += SYM_SIZE) {
            String name = names.cString(strings.offset() + w.u32(at), stringsEnd, stringsWhat);
            int info = w.u8(at + 4);
            out.add(new Symbol(name, w.u64(at + 8), w.u64(at + 16), info & 0xf, info >>> 4, w.u16(at + 6), kind));
        }
    }

    /** Reads the note at {@code at}, adds it if it is an SDT probe, and returns where the next one starts. */
    private long readNote(Window w, long at, long end, List<SdtNote> out) throws IOException {
        if (end - at < 12) {
            throw corrupt("truncated note header at offset " + at + " in " + NOTE_STAPSDT);
        }
        long namesz = w.u32(at);
        long descsz = w.u32(at + 4);
        long noteType = w.u32(at + 8);
        long nameAt = at + 12;
        long descAt = nameAt + align4(namesz);
        long descEnd = descAt + descsz;
        if (descAt > end || descEnd > end) {
            throw corrupt("note at offset " + at + " in " + NOTE_STAPSDT + " runs past the section end");
        }
        String owner = namesz == 0 ? "" : w.cString(nameAt, nameAt + namesz, "note owner at offset " + at);
        if (owner.equals(STAPSDT_OWNER) && noteType == NT_STAPSDT) {
            out.add(readSdtDescriptor(w, at, descAt, descEnd));
        }
        // The last note's padding may be missing; never step past the section end.
        return Math.min(descAt + align4(descsz), end);
    }

    private SdtNote readSdtDescriptor(Window w, long noteAt, long descAt, long descEnd) throws IOException {
        if (descEnd - descAt < SDT_FIXED_DESC + 3) {
            throw corrupt("SDT note at offset " + noteAt + " has a descriptor of " + (descEnd - descAt)
                + " bytes; expected at least " + (SDT_FIXED_DESC + 3));
        }
        String what = "SDT note at offset " + noteAt;
        long providerAt = descAt + SDT_FIXED_DESC;
        long providerEnd = w.nulAt(providerAt, descEnd, what);
        long nameEnd = w.nulAt(providerEnd + 1, descEnd, what);
        long argsEnd = w.nulAt(nameEnd + 1, descEnd, what);
        return new SdtNote(w.decode(providerAt, providerEnd), w.decode(providerEnd + 1, nameEnd),
            w.decode(nameEnd + 1, argsEnd), w.u64(descAt), w.u64(descAt + 8), w.u64(descAt + 16));
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }

    /** Reads {@code length} bytes at a file offset, after checking that they lie in the file. */
    private Window window(long offset, long length, String what) throws IOException {
        require(offset, length, what);
        if (length > Integer.MAX_VALUE - 8) {
            throw corrupt(what + " of " + length + " bytes is too large to read (limit 2 GiB)");
        }
        return new Window(offset, bytes.read(offset, (int) length));
    }

    private void require(long offset, long length, String what) throws IOException {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw corrupt(what + " at offset " + Long.toUnsignedString(offset) + " with "
                + Long.toUnsignedString(length) + " bytes runs past the end of the file (" + size
                + " bytes); truncated or corrupt");
        }
    }

    private static String describe(Section s) {
        return s.name().isEmpty() ? "#" + s.index() : s.name();
    }

    private IOException corrupt(String problem) {
        return new IOException(source + ": " + problem);
    }

    /**
     * Bytes of the file read into memory, addressed by file offset; every read is checked against
     * the window, so a field or string running past the structure it belongs to is an IOException.
     */
    private final class Window {
        private final long base;
        private final ByteBuffer data;

        Window(long base, ByteBuffer data) {
            this.base = base;
            this.data = data.order(ByteOrder.LITTLE_ENDIAN);
        }

        /** The window's bytes as an array no one else holds. */
        byte[] array() {
            if (data.hasArray() && data.arrayOffset() == 0 && data.array().length == data.capacity()) {
                return data.array(); // read from the file for this window alone
            }
            byte[] copy = new byte[data.capacity()];
            data.get(0, copy);
            return copy;
        }

        private int index(long at, int width, String what) throws IOException {
            long i = at - base;
            if (i < 0 || i > data.capacity() - width) {
                throw corrupt(what + " at offset " + Long.toUnsignedString(at) + " lies outside the structure"
                    + " it belongs to; truncated or corrupt");
            }
            return (int) i;
        }

        int u8(long at) throws IOException {
            return data.get(index(at, 1, "byte")) & 0xff;
        }

        int u16(long at) throws IOException {
            return data.getShort(index(at, 2, "16-bit field")) & 0xffff;
        }

        long u32(long at) throws IOException {
            return data.getInt(index(at, 4, "32-bit field")) & 0xffffffffL;
        }

        long u64(long at) throws IOException {
            return data.getLong(index(at, 8, "64-bit field"));
        }

        /** A NUL-terminated string starting at {@code start} that must end before {@code limit}. */
        String cString(long start, long limit, String where) throws IOException {
            return decode(start, nulAt(start, limit, where));
        }

        /** The offset of the NUL ending the string at {@code start}, which must lie before {@code limit}. */
        long nulAt(long start, long limit, String where) throws IOException {
            long windowEnd = base + data.capacity();
            if (start < base || start >= limit || limit > windowEnd) {
                throw corrupt("string at offset " + start + " lies outside the " + where);
            }
            int at = (int) (start - base);
            int end = (int) (limit - base);
            while (at < end && data.get(at) != 0) {
                at++;
            }
            if (at == end) {
                throw corrupt("string at offset " + start + " in the " + where + " is not NUL-terminated");
            }
            return base + at;
        }

        String decode(long start, long end) {
            byte[] text = new byte[(int) (end - start)];
            data.get((int) (start - base), text);
            return new String(text, StandardCharsets.UTF_8);
        }
    }

    /** Where the bytes come from: a file read on demand, or an image in memory. */
    private interface Bytes {
        long size() throws IOException;

        /** {@code length} bytes at {@code offset}, which the caller has checked lie within {@link #size()}. */
        ByteBuffer read(long offset, int length) throws IOException;

        void close() throws IOException;
    }

    private static final class HeapBytes implements Bytes {
        private final byte[] image;
        private final String name;
        private volatile boolean closed;

        HeapBytes(byte[] image, String name) {
            this.image = image;
            this.name = name;
        }

        @Override
        public long size() {
            return image.length;
        }

        @Override
        public ByteBuffer read(long offset, int length) throws IOException {
            if (closed) {
                throw new IOException(name + ": the reader is closed");
            }
            // read-only, so the image never leaks out of sectionBytes uncopied
            return ByteBuffer.wrap(image, (int) offset, length).slice().asReadOnlyBuffer();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Positional reads, which are safe from several threads and fail cleanly once closed. */
    private static final class FileBytes implements Bytes {
        private final FileChannel channel;
        private final String name;

        FileBytes(FileChannel channel, String name) {
            this.channel = channel;
            this.name = name;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public ByteBuffer read(long offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                try {
                    if (channel.read(buffer, offset + buffer.position()) < 0) {
                        throw new IOException(name + ": the file ended at offset " + (offset + buffer.position())
                            + " while reading " + length + " bytes at offset " + offset + "; it shrank while open");
                    }
                } catch (ClosedChannelException e) {
                    throw new IOException(name + ": the reader is closed", e);
                }
            }
            return buffer.flip();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
