package dev.hotscope.jfr.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Checks of the paths given, so that a wrong one gets a line naming it instead of a stack trace. */
final class InputFiles {
    private static final byte[] JFR_MAGIC = "FLR\0".getBytes(StandardCharsets.ISO_8859_1);
    /** Magic, version, then the chunk's size: the part of a chunk header the walk needs. */
    private static final int CHUNK_HEADER = 16;
    static final String ACCEPTED = "give a .jfr file written by JFR or the hotscope agent (file=)";

    private InputFiles() {}

    /** Byte offset of the last chunk, after {@link #checkRecording} passed; 0 for a file of one chunk. */
    static long lastChunkStart(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = 0;
            long last = 0;
            ByteBuffer header = ByteBuffer.allocate(CHUNK_HEADER);
            while (position < size) {
                header.clear();
                while (header.hasRemaining() && channel.read(header, position + header.position()) > 0) {
                    // read the whole header
                }
                last = position;
                position += header.getLong(8);
            }
            return last;
        }
    }

    static void checkRecording(Path file) throws ReportException {
        if (!Files.exists(file)) {
            throw new ReportException(file + " does not exist: " + ACCEPTED);
        }
        if (Files.isDirectory(file)) {
            throw new ReportException(file + " is a directory: " + ACCEPTED);
        }
        if (!Files.isRegularFile(file)) {
            throw new ReportException(file + " is not a regular file: " + ACCEPTED);
        }
        if (!Files.isReadable(file)) {
            throw new ReportException(file + " is not readable (permissions): " + ACCEPTED);
        }
        byte[] head = new byte[JFR_MAGIC.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new ReportException(file + " cannot be read (" + e.getMessage() + "): " + ACCEPTED, e);
        }
        if (read == 0) {
            throw new ReportException(file + " is empty (0 bytes): " + ACCEPTED);
        }
        if (read < head.length || !Arrays.equals(head, JFR_MAGIC)) {
            throw new ReportException(file + " is not a JFR recording (it does not start with JFR's magic FLR): "
                + ACCEPTED);
        }
        checkChunks(file);
    }

    /**
     * Walks the chunk headers: each declares its size, so a cut file shows before the JDK's reader
     * meets it with whatever exception the cut point happens to cause.
     */
    private static void checkChunks(Path file) throws ReportException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = 0;
            ByteBuffer header = ByteBuffer.allocate(CHUNK_HEADER);
            while (position < size) {
                header.clear();
                while (header.hasRemaining() && channel.read(header, position + header.position()) > 0) {
                    // read the whole header
                }
                if (header.hasRemaining()) {
                    throw truncated(file, "its chunk at byte " + position + " ends inside the chunk header");
                }
                header.flip();
                byte[] magic = new byte[JFR_MAGIC.length];
                header.get(magic);
                if (!Arrays.equals(magic, JFR_MAGIC)) {
                    throw new ReportException(file + " is corrupt: no chunk starts at byte " + position
                        + " where the previous one ended; give an intact JFR recording");
                }
                long chunkSize = header.getLong(8);
                if (chunkSize <= 0) {
                    throw truncated(file, "its chunk at byte " + position + " was never finished");
                }
                if (position + chunkSize > size) {
                    throw truncated(file, "its chunk at byte " + position + " needs " + chunkSize + " bytes, the file"
                        + " has " + (size - position) + " from there");
                }
                position += chunkSize;
            }
        } catch (IOException e) {
            throw new ReportException(file + " cannot be read (" + e.getMessage() + "): " + ACCEPTED, e);
        }
    }

    private static ReportException truncated(Path file, String why) {
        return new ReportException(file + " is truncated: " + why + "; give a complete JFR recording, e.g. one the"
            + " agent wrote when it stopped, or jcmd PID JFR.dump");
    }

    /** Checks that a file can be written at the path before the recording is read. */
    static void checkWritable(Path target) throws ReportException {
        if (Files.isDirectory(target)) {
            throw new ReportException("cannot write " + target + ": it is a directory; give a file name, e.g. "
                + target.resolve("report.html"));
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null || !Files.exists(parent)) {
            throw new ReportException("cannot write " + target + ": the directory " + parent
                + " does not exist; give a path in an existing, writable directory");
        }
        if (!Files.isDirectory(parent)) {
            throw new ReportException("cannot write " + target + ": " + parent
                + " is not a directory; give a path in an existing, writable directory");
        }
        if (!Files.isWritable(parent) || Files.exists(target) && !Files.isWritable(target)) {
            throw new ReportException("cannot write " + target + ": permission denied; give a path in a writable"
                + " directory");
        }
    }
}
