package dev.hotscope.bpf.unwind;

/**
 * Reads little-endian DWARF values from a section's bytes, with every read bounds-checked against
 * {@link #limit}. The section's link-time address is known, so pc-relative pointers resolve.
 */
final class DwarfCursor {
    static final int DW_EH_PE_OMIT = 0xff;
    static final int DW_EH_PE_ABSPTR = 0x00;
    static final int DW_EH_PE_ULEB128 = 0x01;
    static final int DW_EH_PE_UDATA2 = 0x02;
    static final int DW_EH_PE_UDATA4 = 0x03;
    static final int DW_EH_PE_UDATA8 = 0x04;
    static final int DW_EH_PE_SLEB128 = 0x09;
    static final int DW_EH_PE_SDATA2 = 0x0a;
    static final int DW_EH_PE_SDATA4 = 0x0b;
    static final int DW_EH_PE_SDATA8 = 0x0c;
    static final int DW_EH_PE_PCREL = 0x10;
    static final int DW_EH_PE_TEXTREL = 0x20;
    static final int DW_EH_PE_DATAREL = 0x30;
    static final int DW_EH_PE_FUNCREL = 0x40;
    static final int DW_EH_PE_ALIGNED = 0x50;
    static final int DW_EH_PE_INDIRECT = 0x80;

    private final byte[] bytes;
    private final long address;
    private final String what;
    int pos;
    int limit;

    /**
     * @param bytes the section
     * @param address the section's link-time virtual address
     * @param what names the section in error messages
     */
    DwarfCursor(byte[] bytes, long address, String what) {
        this.bytes = bytes;
        this.address = address;
        this.what = what;
        this.limit = bytes.length;
    }

    DwarfCursor at(int position, int end) {
        if (position < 0 || end > bytes.length || position > end) {
            throw error("range " + position + ".." + end + " outside " + bytes.length + " bytes", position);
        }
        pos = position;
        limit = end;
        return this;
    }

    boolean hasMore() {
        return pos < limit;
    }

    private void need(int n) {
        if (n > limit - pos) {
            throw error("truncated (" + n + " bytes needed, " + (limit - pos) + " left)", pos);
        }
    }

    CfiException error(String message, int at) {
        return new CfiException(what + " at offset 0x" + Integer.toHexString(at) + ": " + message);
    }

    int u8() {
        need(1);
        return bytes[pos++] & 0xff;
    }

    int u16() {
        need(2);
        int v = (bytes[pos] & 0xff) | (bytes[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    int s32() {
        need(4);
        int v = (bytes[pos] & 0xff) | (bytes[pos + 1] & 0xff) << 8 | (bytes[pos + 2] & 0xff) << 16 | bytes[pos + 3] << 24;
        pos += 4;
        return v;
    }

    long u32() {
        return s32() & 0xffffffffL;
    }

    long u64() {
        long lo = u32();
        return lo | u32() << 32;
    }

    long uleb() {
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    long sleb() {
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    /** A ULEB128 that must fit in an int, such as a length or a register number. */
    int ulebInt() {
        int at = pos;
        long v = uleb();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw error("value " + Long.toUnsignedString(v) + " out of range", at);
        }
        return (int) v;
    }

    /** A NUL-terminated string. */
    String cstring() {
        int start = pos;
        while (true) {
            if (u8() == 0) {
                return new String(bytes, start, pos - 1 - start, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
    }

    void skip(long n) {
        if (n < 0 || n > limit - pos) {
            throw error("skip of " + n + " bytes past the end", pos);
        }
        pos += (int) n;
    }

    /** The link-time address of the next byte. */
    long address() {
        return address + pos;
    }

    /**
     * Reads a pointer in a {@code DW_EH_PE_*} encoding. An indirect pointer is returned as the
     * address of the pointer (its target would need the process's memory): only personality
     * routines use it, and the unwinder ignores them.
     *
     * @param encoding the encoding; not {@link #DW_EH_PE_OMIT}
     * @param dataBase the base of {@code datarel} values (for {@code .eh_frame_hdr}: its own address)
     */
    long encoded(int encoding, long dataBase) {
        int at = pos;
        if ((encoding & 0x70) == DW_EH_PE_ALIGNED) {
            int aligned = (int) ((address + pos + 7 & ~7L) - address);
            skip(aligned - pos);
        }
        long fieldAddress = address + pos;
        long value;
        switch (encoding & 0x0f) {
            case DW_EH_PE_ABSPTR, DW_EH_PE_UDATA8, DW_EH_PE_SDATA8 -> value = u64();
            case DW_EH_PE_ULEB128 -> value = uleb();
            case DW_EH_PE_UDATA2 -> value = u16();
            case DW_EH_PE_UDATA4 -> value = u32();
            case DW_EH_PE_SLEB128 -> value = sleb();
            case DW_EH_PE_SDATA2 -> value = (short) u16();
            case DW_EH_PE_SDATA4 -> value = s32();
            default -> throw error("pointer encoding 0x" + Integer.toHexString(encoding) + " is not supported", at);
        }
        switch (encoding & 0x70) {
            case 0, DW_EH_PE_ALIGNED -> { }
            case DW_EH_PE_PCREL -> value += fieldAddress;
            case DW_EH_PE_DATAREL -> value += dataBase;
            default -> throw error("pointer application 0x" + Integer.toHexString(encoding & 0x70)
                + " (textrel/funcrel) is not supported", at);
        }
        return value;
    }

    /** Skips a value in a {@code DW_EH_PE_*} encoding's format without resolving it. */
    void skipEncoded(int encoding) {
        if (encoding == DW_EH_PE_OMIT) {
            return;
        }
        if ((encoding & 0x70) == DW_EH_PE_ALIGNED) {
            int aligned = (int) ((address + pos + 7 & ~7L) - address);
            skip(aligned - pos);
        }
        switch (encoding & 0x0f) {
            case DW_EH_PE_ABSPTR, DW_EH_PE_UDATA8, DW_EH_PE_SDATA8 -> skip(8);
            case DW_EH_PE_ULEB128 -> uleb();
            case DW_EH_PE_UDATA2, DW_EH_PE_SDATA2 -> skip(2);
            case DW_EH_PE_UDATA4, DW_EH_PE_SDATA4 -> skip(4);
            case DW_EH_PE_SLEB128 -> sleb();
            default -> throw error("pointer encoding 0x" + Integer.toHexString(encoding) + " is not supported", pos);
        }
    }

    /** Reads the value part of a {@code DW_EH_PE_*} encoded field (format only), e.g. an FDE's address range. */
    long encodedValue(int encoding) {
        return encoded(encoding & 0x0f, 0);
    }

    byte[] bytes() {
        return bytes;
    }
}
