package dev.hotscope.jfr.writer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.Objects;

/**
 * Joins recordings. A JFR file is a sequence of self-contained chunks, which JMC and the JDK's
 * {@code jfr} tool read one after the other, so the JDK's chunks followed by hotscope's chunk are
 * one recording: the JDK's events stay byte for byte what the JDK wrote.
 */
public final class RecordingFiles {
    private RecordingFiles() {
    }

    /**
     * Writes {@code out} as the chunks of {@code jdkPart} (when it exists and is not empty) followed by
     * {@code chunk}, through a temporary file next to {@code out} that replaces it at the end.
     *
     * @param jdkPart a JFR file of the JDK's; may be missing; not null
     * @param chunk a JFR file (e.g. from {@link AttributedRecordingWriter}); not null
     * @param out the file to write; may be either input; not null
     * @return the size of {@code out} in bytes
     * @throws IOException if a file cannot be read or written
     * @throws NullPointerException if an argument is null
     */
    public static long concat(Path jdkPart, Path chunk, Path out) throws IOException {
        Objects.requireNonNull(jdkPart, "jdkPart");
        Objects.requireNonNull(chunk, "chunk");
        Path target = out.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            keepPermissions(Files.exists(target) ? target : jdkPart, temp);
            try (OutputStream o = Files.newOutputStream(temp, StandardOpenOption.TRUNCATE_EXISTING)) {
                if (Files.isRegularFile(jdkPart) && Files.size(jdkPart) > 0) {
                    copy(jdkPart, o);
                }
                copy(chunk, o);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Gives a temporary file, which is private (0600), the permissions of the file it is to replace,
     * or rw-r--r-- when there is none. Does nothing where the file system has no POSIX permissions.
     *
     * @param from the file whose permissions to copy; may be missing; not null
     * @param to the temporary file; not null
     * @throws IOException if the permissions cannot be read or set
     */
    public static void keepPermissions(Path from, Path to) throws IOException {
        if (!Files.getFileStore(to).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(from) ? Files.getPosixFilePermissions(from)
            : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(to, perms);
    }

    private static void copy(Path from, OutputStream to) throws IOException {
        try (InputStream in = Files.newInputStream(from)) {
            in.transferTo(to);
        }
    }
}
