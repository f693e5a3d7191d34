package dev.hotscope.bpf.internal;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A malloc'ed block with bounds-checked copies in and out, freed by {@link #close()} (idempotent).
 * Every native call that takes a buffer gets one of these, sized for what the call writes.
 */
public final class NativeMemory implements AutoCloseable {
    private static final MemoryIO MEMORY = Native.memory();

    private final long size;
    private long address;

    private NativeMemory(long address, long size) {
        this.address = address;
        this.size = size;
    }

    /**
     * Allocates {@code size} bytes, zeroed if asked.
     *
     * @throws OutOfMemoryError if malloc fails
     */
    public static NativeMemory allocate(long size, boolean zeroed) {
        long bytes = Math.max(1, size);
        long address = MEMORY.allocateMemory(bytes, zeroed);
        if (address == 0) {
            throw new OutOfMemoryError("cannot allocate " + bytes + " bytes of native memory");
        }
        return new NativeMemory(address, bytes);
    }

    /** A zeroed copy of a byte array. */
    public static NativeMemory of(byte[] bytes) {
        NativeMemory memory = allocate(bytes.length, true);
        memory.put(0, bytes, 0, bytes.length);
        return memory;
    }

    /** A NUL-terminated UTF-8 copy of a string. */
    public static NativeMemory string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        NativeMemory memory = allocate(utf8.length + 1L, true);
        memory.put(0, utf8, 0, utf8.length);
        return memory;
    }

    /** The address; fails once freed. */
    public long address() {
        if (address == 0) {
            throw new IllegalStateException("native memory already freed");
        }
        return address;
    }

    /** The size in bytes. */
    public long size() {
        return size;
    }

    private void check(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException("native access [" + offset + ", " + (offset + length)
                + ") outside a block of " + size + " bytes");
        }
    }

    /** Copies bytes in. */
    public void put(long offset, byte[] src, int from, int length) {
        check(offset, length);
        MEMORY.putByteArray(address() + offset, src, from, length);
    }

    /** Copies the buffer's remaining bytes in; the buffer's position is unchanged. */
    public void put(long offset, ByteBuffer src, int length) {
        check(offset, length);
        byte[] bytes = new byte[length];
        src.duplicate().get(bytes);
        put(offset, bytes, 0, length);
    }

    /** Copies bytes out. */
    public byte[] get(long offset, int length) {
        check(offset, length);
        byte[] bytes = new byte[length];
        MEMORY.getByteArray(address() + offset, bytes, 0, length);
        return bytes;
    }

    /** Writes a 32-bit value. */
    public void putInt(long offset, int value) {
        check(offset, 4);
        MEMORY.putInt(address() + offset, value);
    }

    /** Reads a 32-bit value. */
    public int getInt(long offset) {
        check(offset, 4);
        return MEMORY.getInt(address() + offset);
    }

    /** Writes a 64-bit value. */
    public void putLong(long offset, long value) {
        check(offset, 8);
        MEMORY.putLong(address() + offset, value);
    }

    /** Reads a 64-bit value. */
    public long getLong(long offset) {
        check(offset, 8);
        return MEMORY.getLong(address() + offset);
    }

    /** Writes a byte. */
    public void putByte(long offset, byte value) {
        check(offset, 1);
        MEMORY.putByte(address() + offset, value);
    }

    /** The NUL-terminated string at the start of the block (at most its size). */
    public String string() {
        return Native.string(address(), (int) Math.min(Integer.MAX_VALUE, size));
    }

    @Override
    public void close() {
        if (address != 0) {
            MEMORY.freeMemory(address);
            address = 0;
        }
    }
}
