package dev.hotscope.bpf.internal;

import dev.hotscope.usdt.internal.Errno;

/**
 * Errno names, including libbpf's own codes (4000-4013, {@code LIBBPF_ERRNO__*}); other values
 * go to hotscope's shared {@link Errno}.
 */
public final class BpfErrno {
    private BpfErrno() {}

    private static final int LIBBPF_FIRST = 4000;
    private static final String[] LIBBPF = {
        "LIBELF", "FORMAT", "KVERSION", "ENDIAN", "INTERNAL", "RELOC", "LOAD", "VERIFY", "PROG2BIG", "KVER",
        "PROGTYPE", "WRNGPID", "INVSEQ", "NLPARSE",
    };

    /** The symbolic name, e.g. {@code EACCES} or {@code LIBBPF_ERRNO__FORMAT}. */
    public static String name(int errno) {
        int n = Math.abs(errno);
        if (n >= LIBBPF_FIRST && n < LIBBPF_FIRST + LIBBPF.length) {
            return "LIBBPF_ERRNO__" + LIBBPF[n - LIBBPF_FIRST];
        }
        return Errno.name(n);
    }

    /** {@code NAME (N)}, as every hotscope message says it. */
    public static String describe(int errno) {
        return name(errno) + " (" + Math.abs(errno) + ")";
    }
}
