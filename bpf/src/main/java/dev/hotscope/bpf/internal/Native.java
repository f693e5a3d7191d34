package dev.hotscope.bpf.internal;

import com.kenai.jffi.MemoryIO;
import dev.hotscope.bpf.LibbpfMissingException;
import dev.hotscope.usdt.internal.Jffi;
import java.nio.charset.StandardCharsets;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * The native libraries, bound once: libbpf (a clear {@link LibbpfMissingException} if it is not
 * installed) and the few libc calls of {@link Sys}.
 */
public final class Native {
    private Native() {}

    /**
     * The libbpf to load: the system property {@code hotscope.bpf.libbpf} (a soname or path), by
     * default {@code libbpf.so.1}, the soname hotscope is built against (Debian package libbpf1).
     */
    public static final String LIBBPF = System.getProperty("hotscope.bpf.libbpf", "libbpf.so.1");

    private static volatile Libbpf libbpf;
    private static volatile Throwable libbpfFailure;

    /** The bound libbpf, with its print output routed to {@link LibbpfLog}. */
    public static Libbpf libbpf() {
        Libbpf bound = libbpf;
        if (bound != null) {
            return bound;
        }
        synchronized (Native.class) {
            if (libbpf == null) {
                if (libbpfFailure != null) {
                    throw missing(libbpfFailure);
                }
                try {
                    Jffi.configure();
                    Libbpf loaded = LibraryLoader.create(Libbpf.class).failImmediately().load(LIBBPF);
                    LibbpfLog.install(loaded);
                    libbpf = loaded;
                } catch (LinkageError | RuntimeException e) {
                    libbpfFailure = e;
                    throw missing(e);
                }
            }
            return libbpf;
        }
    }

    /** Whether libbpf can be loaded; never throws. */
    public static boolean hasLibbpf() {
        try {
            libbpf();
            return true;
        } catch (LibbpfMissingException e) {
            return false;
        }
    }

    private static LibbpfMissingException missing(Throwable cause) {
        String why = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
        if (why.length() > 200) {
            why = why.substring(0, 200) + "…";
        }
        return new LibbpfMissingException("libbpf is missing: " + LIBBPF + " could not be loaded (" + why
            + "); install the Debian package libbpf1 (apt-get install libbpf1)", cause);
    }

    /** The errno of the calling thread's last libbpf call. */
    public static int libbpfErrno() {
        return Runtime.getRuntime(libbpf()).getLastError();
    }

    /** The bound libc calls. */
    public static Sys sys() {
        return SysHolder.SYS;
    }

    /** The errno of the calling thread's last libc call through {@link #sys()}. */
    public static int sysErrno() {
        return Runtime.getRuntime(SysHolder.SYS).getLastError();
    }

    /** jffi memory access. */
    public static MemoryIO memory() {
        return Jffi.memory();
    }

    /** The NUL-terminated UTF-8 string at an address, or null for address 0. */
    public static String string(long address) {
        if (address == 0) {
            return null;
        }
        return new String(memory().getZeroTerminatedByteArray(address), StandardCharsets.UTF_8);
    }

    /** The NUL-terminated string in the first {@code max} bytes at an address ("" for address 0). */
    public static String string(long address, int max) {
        if (address == 0 || max <= 0) {
            return "";
        }
        return new String(memory().getZeroTerminatedByteArray(address, max), StandardCharsets.UTF_8);
    }

    private static final class SysHolder {
        private SysHolder() {}

        static final Sys SYS = load();

        private static Sys load() {
            Jffi.configure();
            return LibraryLoader.create(Sys.class).failImmediately().load("c");
        }
    }
}
