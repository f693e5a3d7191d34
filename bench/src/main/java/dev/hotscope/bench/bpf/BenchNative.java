package dev.hotscope.bench.bpf;

import dev.hotscope.bpf.TestNative;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * The native calls the BPF benchmarks make: libc's {@code getppid} and {@code getpriority} (the
 * triggers), and libbpf's ring buffer consumer wrapped by {@code bench/src/main/c/ringbuf_consume.c}.
 */
public final class BenchNative {
    private BenchNative() {}

    /** libc, through jnr-ffi. */
    public interface LibC {
        int getppid();

        int getpriority(int which, int who);
    }

    /** {@code libhsringbench.so}: libbpf's {@code ring_buffer__new} / {@code __consume} and a decoding callback. */
    public interface RingLib {
        Pointer hs_ring_open(int mapFd);

        long hs_ring_consume(Pointer ring);

        long hs_ring_poll(Pointer ring, int timeoutMillis);

        long hs_ring_seq_errors(Pointer ring);

        long hs_ring_sum(Pointer ring);

        void hs_ring_close(Pointer ring);
    }

    /** Where the C helpers are: {@code -Dhotscope.bench.native=DIR}, else next to benchmarks.jar. */
    public static final String NATIVE_DIR_PROPERTY = "hotscope.bench.native";

    private static volatile LibC libc;

    /** libc. */
    public static LibC libc() {
        LibC l = libc;
        if (l == null) {
            TestNative.libc(); // configures jffi before anything else touches it
            l = LibraryLoader.create(LibC.class).load("c");
            libc = l;
        }
        return l;
    }

    /** Loads libhsringbench.so, built by bench/run-bpf.sh. */
    public static RingLib ringLib() {
        Path lib = nativeDir().resolve("libhsringbench.so");
        if (!Files.isRegularFile(lib)) {
            throw new IllegalStateException(lib + " is missing: build it with bench/run-bpf.sh, or gcc -O2 -shared -fPIC"
                + " -o " + lib + " bench/src/main/c/ringbuf_consume.c -lbpf");
        }
        libc();
        return LibraryLoader.create(RingLib.class).load(lib.toString());
    }

    /** The directory of the compiled C helpers. */
    public static Path nativeDir() {
        String dir = System.getProperty(NATIVE_DIR_PROPERTY);
        if (dir != null) {
            return Path.of(dir);
        }
        try {
            Path jar = Path.of(BenchNative.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent(); // bench/target, from target/benchmarks.jar or target/classes
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("bench/target");
        }
    }

    /** Fails early, with the reason, where BPF cannot work. */
    public static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the BPF benchmarks need root (CAP_BPF, CAP_PERFMON): run bench/run-bpf.sh as root");
        }
    }
}
