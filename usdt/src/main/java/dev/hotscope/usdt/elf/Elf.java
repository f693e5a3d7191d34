package dev.hotscope.usdt.elf;

/** ELF64 constants shared by the writer and the reader (values from the System V gABI). */
public final class Elf {
    private Elf() {}

    public static final int EHDR_SIZE = 64;
    public static final int PHDR_SIZE = 56;
    public static final int SHDR_SIZE = 64;
    public static final int SYM_SIZE = 24;
    public static final int DYN_SIZE = 16;

    public static final byte ELFCLASS64 = 2;
    public static final byte ELFDATA2LSB = 1;
    public static final byte EV_CURRENT = 1;
    public static final byte ELFOSABI_NONE = 0;
    public static final short ET_DYN = 3;
    public static final short EM_X86_64 = 62;

    public static final int PT_LOAD = 1;
    public static final int PT_DYNAMIC = 2;
    public static final int PT_NOTE = 4;
    public static final int PT_GNU_STACK = 0x6474e551;
    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;

    public static final int SHT_NULL = 0;
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_HASH = 5;
    public static final int SHT_DYNAMIC = 6;
    public static final int SHT_NOTE = 7;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_DYNSYM = 11;
    public static final long SHF_WRITE = 1;
    public static final long SHF_ALLOC = 2;
    public static final long SHF_EXECINSTR = 4;

    public static final int STB_LOCAL = 0;
    public static final int STB_GLOBAL = 1;
    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;
    public static final int STV_DEFAULT = 0;
    public static final int STV_HIDDEN = 2;

    public static final long DT_NULL = 0;
    public static final long DT_HASH = 4;
    public static final long DT_STRTAB = 5;
    public static final long DT_SYMTAB = 6;
    public static final long DT_STRSZ = 10;
    public static final long DT_SYMENT = 11;
    public static final long DT_SONAME = 14;

    /** Note type of a SystemTap SDT probe note, owner "stapsdt". */
    public static final int NT_STAPSDT = 3;
    public static final String STAPSDT_OWNER = "stapsdt";
    public static final String NOTE_STAPSDT = ".note.stapsdt";
    public static final String STAPSDT_BASE = ".stapsdt.base";
    public static final String PROBES = ".probes";
}
