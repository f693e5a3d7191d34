package dev.hotscope.usdt;

import dev.hotscope.usdt.internal.KernelFeatures;

/**
 * The instruction a tracer patches at a probe site.
 *
 * <p>Every site holds the same bytes, a one-byte {@code nop} followed by a five-byte
 * {@code nop} ({@code 90 0f 1f 44 00 00}); the choice is where the probe's note points. Kernels
 * with optimized uprobes (Linux 6.18 on x86-64) turn a uprobe on the five-byte nop into a call to
 * a trampoline, several times cheaper than the int3 trap; older kernels emulate the one-byte nop
 * cheaply but have to single-step the five-byte one, so there the note points at the one-byte nop.
 */
public enum ProbeSite {
    /** Note points at the one-byte {@code nop}: the int3 trap, emulated; best on older kernels. */
    NOP1,
    /** Note points at the five-byte {@code nop}: optimized into a call on kernels that can. */
    NOP5;

    /**
     * The best site for the running kernel, unless the system property {@code hotscope.usdt.site}
     * ({@code nop1} or {@code nop5}) says otherwise.
     *
     * @return the site to use
     * @throws IllegalArgumentException if the system property names no site
     */
    public static ProbeSite forThisKernel() {
        String forced = System.getProperty("hotscope.usdt.site");
        if (forced != null && !forced.isBlank()) {
            return parse(forced);
        }
        return KernelFeatures.hasOptimizedUprobes() ? NOP5 : NOP1;
    }

    /**
     * Parses {@code nop1} or {@code nop5}, ignoring case.
     *
     * @param text the name; not null
     * @return the site
     * @throws IllegalArgumentException if the text is neither
     */
    public static ProbeSite parse(String text) {
        switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "nop1": return NOP1;
            case "nop5": return NOP5;
            default:
                throw new IllegalArgumentException(
                    "probe site '" + text + "' is not known: use nop1 or nop5");
        }
    }
}
