package dev.hotscope.usdt.internal;

import java.nio.ByteBuffer;

/**
 * Per-thread native memory that holds the UTF-8 copies of a probe's string arguments while the
 * probe fires. Encoding is done by hand so that firing allocates nothing.
 */
public final class NativeStrings {
    /** Longest string, in UTF-8 bytes before the terminating NUL. */
    public static final int MAX_BYTES = 1023;

    private static final int SLOT = MAX_BYTES + 1;
    private static final int SLOTS = 6;
    private static final ThreadLocal<NativeStrings> PER_THREAD = ThreadLocal.withInitial(NativeStrings::new);

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(SLOT * SLOTS);
    private final long address = Jffi.memory().getDirectBufferAddress(buffer);

    private NativeStrings() {}

    /** The calling thread's buffers. */
    public static NativeStrings current() {
        return PER_THREAD.get();
    }

    /**
     * Copies a string into argument slot {@code slot} as NUL-terminated UTF-8.
     *
     * <p>The copy ends at the first U+0000 (C strings cannot hold one) and is cut to at most
     * {@link #MAX_BYTES} bytes, never inside a character; an unpaired surrogate becomes {@code ?}.
     *
     * @param slot the argument position, 0 to 5
     * @param s the string, or null for a NULL pointer
     * @return the address of the copy, or 0 for null
     */
    public long put(int slot, String s) {
        if (s == null) {
            return 0;
        }
        int start = slot * SLOT;
        int end = start + encode(s, start, start + MAX_BYTES);
        buffer.put(end, (byte) 0);
        return address + start;
    }

    private int encode(String s, int start, int limit) {
        int pos = start;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                break;
            }
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint(c, s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                cp = '?';
            }
            int length = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (pos + length > limit) {
                break;
            }
            pos = write(cp, length, pos);
        }
        return pos - start;
    }

    private int write(int cp, int length, int pos) {
        switch (length) {
            case 1:
                buffer.put(pos++, (byte) cp);
                break;
            case 2:
                buffer.put(pos++, (byte) (0xc0 | cp >> 6));
                buffer.put(pos++, (byte) (0x80 | cp & 0x3f));
                break;
            case 3:
                buffer.put(pos++, (byte) (0xe0 | cp >> 12));
                buffer.put(pos++, (byte) (0x80 | cp >> 6 & 0x3f));
                buffer.put(pos++, (byte) (0x80 | cp & 0x3f));
                break;
            default:
                buffer.put(pos++, (byte) (0xf0 | cp >> 18));
                buffer.put(pos++, (byte) (0x80 | cp >> 12 & 0x3f));
                buffer.put(pos++, (byte) (0x80 | cp >> 6 & 0x3f));
                buffer.put(pos++, (byte) (0x80 | cp & 0x3f));
        }
        return pos;
    }
}
