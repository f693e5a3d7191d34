package dev.hotscope.usdt.internal;

import dev.hotscope.usdt.UsdtException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The private directory that holds the backing files of this JVM's providers.
 *
 * <p>Tracers find USDT probes by the paths in {@code /proc/PID/maps} and open those files to read
 * the notes, so the object must be a real file while it is mapped: memfd objects appear as
 * {@code /memfd:… (deleted)}, which bcc's {@code tplist} and bpftrace cannot open. The directory is
 * mode 0700 with an unpredictable name ({@code hotscope-usdt-PID-RANDOM}) under
 * {@code -Dhotscope.usdt.dir} or {@code java.io.tmpdir}; files are removed on close, the directory
 * at JVM exit, and directories left by JVMs that died are swept when the next one starts.
 */
public final class BackingFiles {
    private BackingFiles() {}

    private static final String PREFIX = "hotscope-usdt-";
    private static Path directory;

    /**
     * Writes one object's bytes to a new file with an unpredictable name.
     *
     * @param provider used in the file name so {@code /proc/PID/maps} tells providers apart
     * @param bytes the object
     * @return the file
     * @throws UsdtException if the directory or file cannot be written
     */
    public static synchronized Path write(String provider, byte[] bytes) {
        Path dir = directory();
        try {
            Path file = Files.createTempFile(dir, provider + "-", ".so",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UsdtException("USDT: cannot write the probe object in " + dir + ": " + e.getMessage()
                + "; set -Dhotscope.usdt.dir to a writable directory", 0, e);
        }
    }

    /** Deletes a backing file; a file already gone is not an error. */
    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Left for the sweep at exit or the next start; never fatal to the application.
        }
    }

    private static Path directory() {
        if (directory == null) {
            Path root = Path.of(System.getProperty("hotscope.usdt.dir", System.getProperty("java.io.tmpdir")));
            sweepDeadJvmDirectories(root);
            try {
                directory = Files.createTempDirectory(root, PREFIX + ProcessHandle.current().pid() + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                throw new UsdtException("USDT: cannot create a private directory in " + root + ": " + e
                    + "; set -Dhotscope.usdt.dir to a writable directory", 0, e);
            }
            Path created = directory;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created), "hotscope-usdt-cleanup"));
        }
        return directory;
    }

    private static void sweepDeadJvmDirectories(Path root) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path dir : dirs) {
                long pid = pidOf(dir.getFileName().toString());
                if (pid > 0 && ProcessHandle.of(pid).isEmpty() && isOwnedByUs(dir)) {
                    deleteTree(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Sweeping is a courtesy; a directory we cannot list is simply left alone.
        }
    }

    private static boolean isOwnedByUs(Path dir) throws IOException {
        return Files.getOwner(dir).getName().equals(System.getProperty("user.name"));
    }

    private static long pidOf(String name) {
        String rest = name.substring(PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            return dash > 0 ? Long.parseLong(rest.substring(0, dash)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(BackingFiles::delete);
        } catch (IOException | RuntimeException e) {
            // Best effort at exit.
        }
    }
}
