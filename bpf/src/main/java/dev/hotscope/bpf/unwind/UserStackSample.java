package dev.hotscope.bpf.unwind;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A thread's user registers and a copy of the top of its user stack, as BPF's
 * {@code hs_copy_user_stack()} (bpf/src/main/bpf/user_stack.h) records them in a
 * {@code struct hs_user_stack}:
 *
 * <pre>
 * offset  0  u64 ip
 * offset  8  u64 sp       the address of data[0]
 * offset 16  u64 bp
 * offset 24  u32 size     bytes of data copied
 * offset 28  s32 err      0, or the negative errno of the first read (later, smaller ones may have worked)
 * offset 32  u8  data[HS_USER_STACK_BYTES]   (16 KiB unless the program overrides it)
 * </pre>
 *
 * @param ip the user rip
 * @param sp the user rsp: the address of the stack copy's first byte
 * @param bp the user rbp
 * @param error 0, or the negative errno the first stack read failed with (the copy may still have
 *     succeeded, smaller: {@link #size()} says)
 * @param stack the copied bytes, position 0, limit the bytes copied, little-endian
 */
public record UserStackSample(long ip, long sp, long bp, int error, ByteBuffer stack) {
    /** Size of the fixed fields before the stack bytes. */
    public static final int HEADER_BYTES = 32;
    /** {@code HS_USER_STACK_BYTES}'s default: the stack bytes a record holds. */
    public static final int DEFAULT_STACK_BYTES = 16384;
    /** The size of a whole {@code struct hs_user_stack} with the default stack size. */
    public static final int RECORD_BYTES = HEADER_BYTES + DEFAULT_STACK_BYTES;

    /**
     * Creates a sample.
     *
     * @throws NullPointerException if the stack is null
     */
    public UserStackSample {
        Objects.requireNonNull(stack, "stack");
    }

    /**
     * Views a {@code struct hs_user_stack} inside a record without copying: valid only as long as
     * the record is (for a ring buffer record, during the handler call). Use {@link #copy()} to keep it.
     *
     * @param record the record, native (little-endian) order irrelevant; not null
     * @param offset where the struct starts in it (absolute index)
     * @return the sample; its stack is the {@code size} bytes copied (fewer if the record is shorter)
     * @throws IndexOutOfBoundsException if the record has no room for the fixed fields
     */
    public static UserStackSample view(ByteBuffer record, int offset) {
        ByteBuffer b = record.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        Objects.checkFromIndexSize(offset, HEADER_BYTES, b.limit());
        long size = Integer.toUnsignedLong(b.getInt(offset + 24));
        int available = b.limit() - offset - HEADER_BYTES;
        int bytes = (int) Math.min(size, available);
        ByteBuffer stack = b.slice(offset + HEADER_BYTES, bytes).order(ByteOrder.LITTLE_ENDIAN);
        return new UserStackSample(b.getLong(offset), b.getLong(offset + 8), b.getLong(offset + 16),
            b.getInt(offset + 28), stack);
    }

    /** This sample with its stack bytes copied to the heap. */
    public UserStackSample copy() {
        ByteBuffer s = stack.duplicate();
        byte[] bytes = new byte[s.remaining()];
        s.get(bytes);
        return new UserStackSample(ip, sp, bp, error, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    }

    /** The bytes of stack copied. */
    public int size() {
        return stack.remaining();
    }
}
