package dev.hotscope.tests.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR file taken apart by its chunk headers (magic {@code FLR\0}, then the chunk's size at byte 8),
 * so that the JDK's chunks and hotscope's last chunk can each be read on their own.
 */
final class RecordingParts {
    private static final byte[] MAGIC = {'F', 'L', 'R', 0};

    private final Path file;
    private final List<long[]> chunks;

    private RecordingParts(Path file, List<long[]> chunks) {
        this.file = file;
        this.chunks = chunks;
    }

    /** Reads the chunk headers; fails if the file is not a sequence of whole chunks. */
    static RecordingParts of(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        List<long[]> chunks = new ArrayList<>();
        long offset = 0;
        while (offset < data.length) {
            int at = Math.toIntExact(offset);
            assertThat(Arrays.copyOfRange(data, at, Math.min(at + 4, data.length)))
                .as("chunk magic at byte %d of %s", offset, file).isEqualTo(MAGIC);
            long size = ByteBuffer.wrap(data, at + 8, 8).getLong();
            assertThat(size).as("size of the chunk at byte %d", offset).isPositive()
                .isLessThanOrEqualTo(data.length - offset);
            chunks.add(new long[] {offset, size});
            offset += size;
        }
        return new RecordingParts(file, chunks);
    }

    int chunkCount() {
        return chunks.size();
    }

    /** Writes every chunk but the last to {@code out}. */
    Path writeAllButLast(Path out) throws IOException {
        long[] last = chunks.get(chunks.size() - 1);
        return write(out, 0, last[0]);
    }

    /** Writes the last chunk to {@code out}. */
    Path writeLast(Path out) throws IOException {
        long[] last = chunks.get(chunks.size() - 1);
        return write(out, last[0], last[1]);
    }

    private Path write(Path out, long from, long length) throws IOException {
        byte[] data = Files.readAllBytes(file);
        Files.write(out, Arrays.copyOfRange(data, Math.toIntExact(from), Math.toIntExact(from + length)));
        return out;
    }

    /** The number of events of each type, as the JDK's own parser reads them. */
    static Map<String, Long> countsByType(Path file) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        try (RecordingFile f = new RecordingFile(file)) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                counts.merge(e.getEventType().getName(), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** The counts of the types whose name starts with the prefix. */
    static Map<String, Long> withPrefix(Map<String, Long> counts, String prefix) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
