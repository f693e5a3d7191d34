package dev.hotscope.usdt.internal;

import java.lang.reflect.Field;

/**
 * Reads a semaphore by address with one plain load, where the JDK allows it without complaint.
 *
 * <p>A direct {@code ByteBuffer} read costs about 0.8 ns more than a raw load (bounds and field
 * checks the JIT cannot remove for a non-constant buffer); measured with
 * {@code DisabledProbeBenchmark}. {@code sun.misc.Unsafe} gives the raw load, but from JDK 24 on its
 * memory methods print a deprecation warning on the application's stderr, so there we fall back to
 * the buffer.
 */
public final class RawMemory {
    private RawMemory() {}

    private static final sun.misc.Unsafe UNSAFE = findUnsafe();

    /** Whether {@link #getShort(long)} may be used; constant, so the JIT folds the test away. */
    public static final boolean AVAILABLE = UNSAFE != null;

    /** The 2-byte value at an address that is known to stay mapped. */
    public static short getShort(long address) {
        return UNSAFE.getShort(address);
    }

    private static sun.misc.Unsafe findUnsafe() {
        if (Runtime.version().feature() >= 24 || Boolean.getBoolean("hotscope.usdt.noUnsafe")) {
            return null;
        }
        try {
            Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (sun.misc.Unsafe) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
