package dev.hotscope.jfr.report;

import dev.hotscope.jfr.events.HotscopeEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Tells the in-process copies of hotscope's events apart in a file the agent wrote. Its last chunk
 * is the agent's own, with each event on the thread it is about; when another JFR recording ran
 * on JDK 17, the JDK's part before it also holds in-process copies, committed by the agent's thread,
 * which would count every wait twice.
 */
final class InProcessCopies {
    /** The types the agent writes in its own chunk. */
    static final Set<String> ATTRIBUTED = HotscopeEvents.names(HotscopeEvents.WRITTEN_BY_AGENT);
    private static final String AGENT_THREAD = "hotscope-agent";
    private static final int LOOK_AT = 1000;

    private final boolean agentChunk;
    private long skipped;

    private InProcessCopies(boolean agentChunk) {
        this.agentChunk = agentChunk;
    }

    /** Looks at the first events of the file's last chunk; a file it cannot look at skips nothing. */
    static InProcessCopies of(Path file) {
        try {
            long last = InputFiles.lastChunkStart(file);
            return new InProcessCopies(last > 0 && lastChunkIsTheAgents(file, last));
        } catch (IOException | RuntimeException e) {
            return new InProcessCopies(false);
        }
    }

    /** Whether the event is an in-process copy of one the agent's chunk holds: to be skipped. */
    boolean skip(RecordedEvent e) {
        if (agentChunk && ATTRIBUTED.contains(e.getEventType().getName()) && e.getThread() != null
            && AGENT_THREAD.equals(e.getThread().getJavaName())) {
            skipped++;
            return true;
        }
        return false;
    }

    long skipped() {
        return skipped;
    }

    private static boolean lastChunkIsTheAgents(Path file, long start) throws IOException {
        Path chunk = Files.createTempFile("hotscope-report", ".jfr");
        try {
            try (InputStream in = Files.newInputStream(file); OutputStream out = Files.newOutputStream(chunk)) {
                in.skipNBytes(start);
                in.transferTo(out);
            }
            try (RecordingFile events = new RecordingFile(chunk)) {
                for (int i = 0; i < LOOK_AT && events.hasMoreEvents(); i++) {
                    RecordedEvent e = events.readEvent();
                    if (ATTRIBUTED.contains(e.getEventType().getName()) && e.getThread() != null
                        && !AGENT_THREAD.equals(e.getThread().getJavaName())) {
                        return true;
                    }
                }
            }
            return false;
        } finally {
            Files.deleteIfExists(chunk);
        }
    }
}
