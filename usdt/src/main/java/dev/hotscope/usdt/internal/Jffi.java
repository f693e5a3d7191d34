package dev.hotscope.usdt.internal;

import com.kenai.jffi.MemoryIO;

/**
 * The one door to jffi (jnr-ffi's native layer), so that its settings are in place before it
 * first initializes.
 *
 * <p>From JDK 24 on, the first use of {@code sun.misc.Unsafe} memory access prints a warning on
 * the application's stderr. jffi uses JNI for memory access instead when
 * {@code jffi.unsafe.disabled} is set; we set it on those JDKs unless the user decided otherwise.
 */
public final class Jffi {
    private Jffi() {}

    private static final String UNSAFE_DISABLED = "jffi.unsafe.disabled";

    static {
        if (Runtime.version().feature() >= 24 && System.getProperty(UNSAFE_DISABLED) == null) {
            System.setProperty(UNSAFE_DISABLED, "true");
        }
    }

    /** jffi's memory access, configured. */
    public static MemoryIO memory() {
        return MemoryIO.getInstance();
    }

    /** Makes sure the settings are applied; call before any other jffi or jnr-ffi use. */
    public static void configure() {
        // The static initializer did the work.
    }
}
