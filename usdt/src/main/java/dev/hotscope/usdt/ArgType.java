package dev.hotscope.usdt;

/**
 * The type of one probe argument, as tracers see it.
 *
 * <p>Integers are passed in a 64-bit register and described to tracers with their declared
 * width and signedness ({@code -4@%rsi} for {@link #INT32}); the value is first narrowed to that
 * width exactly as a C cast would, so a tracer that reads the whole register sees the same value
 * as one that honours the width. {@link #STRING} passes a pointer to NUL-terminated UTF-8.
 */
public enum ArgType {
    /** Signed 8-bit integer. */
    INT8(-1),
    /** Unsigned 8-bit integer. */
    UINT8(1),
    /** Signed 16-bit integer. */
    INT16(-2),
    /** Unsigned 16-bit integer. */
    UINT16(2),
    /** Signed 32-bit integer. */
    INT32(-4),
    /** Unsigned 32-bit integer. */
    UINT32(4),
    /** Signed 64-bit integer. */
    INT64(-8),
    /** Unsigned 64-bit integer; Java's {@code long} carries its bits. */
    UINT64(8),
    /** A boolean passed as one unsigned byte, 0 or 1. */
    BOOLEAN(1),
    /**
     * A pointer to a NUL-terminated UTF-8 copy of a {@link String}, at most
     * {@value Probe#MAX_STRING_BYTES} bytes before the NUL; see {@link Probe} for truncation.
     */
    STRING(8);

    private final int sdtSize;

    ArgType(int sdtSize) {
        this.sdtSize = sdtSize;
    }

    /** The size prefix of this type in an SDT argument spec: bytes, negative when signed. */
    public int sdtSize() {
        return sdtSize;
    }

    /** Whether {@code fire} takes this argument as a {@code long} (every type but {@link #STRING}). */
    public boolean isInteger() {
        return this != STRING;
    }

    /**
     * Narrows a value to this type's width the way a C cast would.
     *
     * @param value the value as passed to {@code fire}
     * @return the value as the tracer will see it, sign- or zero-extended back to 64 bits
     */
    long narrow(long value) {
        switch (this) {
            case INT8: return (byte) value;
            case UINT8: return value & 0xFFL;
            case INT16: return (short) value;
            case UINT16: return value & 0xFFFFL;
            case INT32: return (int) value;
            case UINT32: return value & 0xFFFF_FFFFL;
            case BOOLEAN: return value != 0 ? 1 : 0;
            default: return value;
        }
    }
}
