package dev.hotscope.bpf;

import dev.hotscope.usdt.internal.Jffi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import jnr.ffi.LibraryLoader;

/** libc calls the tests make on purpose (so probes fire) and facts about this process. */
public final class TestNative {
    private TestNative() {}

    /** The calls, through jnr-ffi (so through libc's own functions). */
    public interface LibC {
        int getpid();

        int getppid();
    }

    private static final LibC LIBC = load();

    private static LibC load() {
        Jffi.configure();
        return LibraryLoader.create(LibC.class).load("c");
    }

    /** libc through jnr-ffi. */
    public static LibC libc() {
        return LIBC;
    }

    /** This process's id. */
    public static long pid() {
        return ProcessHandle.current().pid();
    }

    /** The file mapped in this process whose name matches, e.g. {@code libc.so.6} or {@code libjvm.so}. */
    public static Path mappedFile(String fileName) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.map(line -> line.split("\\s+", 6))
                // Executable mappings only: a test that read some other JDK's libjvm.so through a
                // MappedByteBuffer leaves a read-only mapping of it until the buffer is collected.
                .filter(f -> f.length == 6 && f[5].startsWith("/") && f[1].indexOf('x') >= 0)
                .map(f -> Path.of(f[5]))
                .filter(p -> p.getFileName().toString().equals(fileName))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(fileName + " is not mapped in this process"));
        }
    }

    /** How many fds this process has open. */
    public static int openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }

    /** The ids of this process's threads. */
    public static List<Long> threadIds() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.map(p -> Long.parseLong(p.getFileName().toString())).toList();
        }
    }
}
