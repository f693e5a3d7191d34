package dev.hotscope.javaagent.internal.session;

import dev.hotscope.jfr.events.AgentStatusEvent;
import dev.hotscope.jfr.events.GcPauseEvent;
import dev.hotscope.jfr.events.LatencyHistogramEvent;
import dev.hotscope.jfr.events.LockWaitEvent;
import dev.hotscope.jfr.events.LostEventsEvent;
import dev.hotscope.jfr.events.MethodSpanEvent;
import dev.hotscope.jfr.events.OffCpuEvent;
import dev.hotscope.jfr.events.OffCpuStackEvent;
import dev.hotscope.jfr.events.RunQueueLatencyEvent;
import dev.hotscope.jfr.events.SafepointEvent;
import dev.hotscope.jfr.events.SyscallLatencyEvent;
import dev.hotscope.jfr.writer.AttributedEvent;
import dev.hotscope.jfr.writer.AttributedRecordingWriter;
import dev.hotscope.jfr.writer.RecordingFiles;
import dev.hotscope.jfr.writer.StackFrame;
import dev.hotscope.jfr.writer.ThreadIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import jdk.jfr.Configuration;
import jdk.jfr.Event;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * The session's recording, written as one file of two parts. First the JDK's own chunks: JFR's
 * "default" settings (what JMC expects to find) plus hotscope's in-process events (spans, status,
 * histograms, lost counts). Then a chunk of hotscope's events about threads, written with their real
 * interval, thread and stack, which an in-process commit cannot carry. The JDK's part goes straight to
 * the file, so JFR itself writes it if the JVM exits first; the hotscope part is appended after.
 */
final class SessionRecording {
    /** Events written with their thread and stack in hotscope's chunk, and disabled in the JDK's part. */
    static final List<Class<? extends Event>> ATTRIBUTED = List.of(SyscallLatencyEvent.class, LockWaitEvent.class,
        OffCpuEvent.class, RunQueueLatencyEvent.class, GcPauseEvent.class, SafepointEvent.class,
        LatencyHistogramEvent.class, AgentStatusEvent.class, LostEventsEvent.class);
    /** Events kept as committed: a span's own thread and stack are right; a profile's stacks are in a field. */
    static final List<Class<? extends Event>> IN_PROCESS = List.of(MethodSpanEvent.class, OffCpuStackEvent.class);
    private static final long MAX_BYTES = 256L * 1024 * 1024;
    private static final String JFR_SHUTDOWN_HOOK = "JFR Shutdown Hook";

    private final Path file;
    private final AttributedBuffer attributed;
    private Recording recording;
    private boolean writable;

    SessionRecording(Path file) {
        this(file, AttributedBuffer.DEFAULT_CAPACITY);
    }

    SessionRecording(Path file, int capacity) {
        this.file = file.toAbsolutePath();
        this.attributed = new AttributedBuffer(capacity);
    }

    boolean started() {
        return recording != null && recording.getState() == RecordingState.RUNNING;
    }

    void start() {
        try {
            startRecording();
        } catch (RuntimeException | Error e) {
            AgentLog.line("JFR recording failed to start: " + AgentLog.describe(e));
        }
    }

    /**
     * Holds an event for the written recording, if there is one. Its events are written at the end,
     * after the JDK's part: what is committed while JFR's shutdown hook stops the recording is kept.
     */
    synchronized void add(AttributedEvent e) {
        if (writable) {
            attributed.add(e);
        }
    }

    private void startRecording() {
        recording = new Recording(jdkSettings());
        recording.setName("hotscope");
        recording.setToDisk(true);
        recording.setMaxSize(MAX_BYTES);
        for (Class<? extends Event> type : ATTRIBUTED) {
            recording.disable(type);
        }
        for (Class<? extends Event> type : IN_PROCESS) {
            recording.enable(type).withoutStackTrace().withoutThreshold();
        }
        // Spans are committed on the thread that made the call: JFR's own stack trace is the right one.
        recording.enable(MethodSpanEvent.class).withStackTrace();
        writable = checkWritable();
        if (writable) {
            try {
                recording.setDestination(file);
                recording.setDumpOnExit(true);
            } catch (IOException e) {
                writable = false;
                AgentLog.line("cannot write " + file + ": " + AgentLog.describe(e)
                    + "; give file=PATH; events still go to the JVM's own recordings");
            }
        }
        recording.start();
    }

    /** JFR's "default" configuration, or JFR's per-event defaults if it cannot be read. */
    private static Map<String, String> jdkSettings() {
        try {
            return Configuration.getConfiguration("default").getSettings();
        } catch (IOException | ParseException e) {
            AgentLog.line("JFR's default settings could not be read (" + AgentLog.describe(e)
                + "); the recording has hotscope's events and JFR's per-event defaults");
            return Map.of();
        }
    }

    String describe() {
        return writable ? file.toString() : "no file (the JVM's own recordings only)";
    }

    /**
     * Stops the recording and writes the file: the JDK's part, then hotscope's chunk. At JVM exit,
     * JFR's own shutdown hook stops the recording and writes the JDK's part: wait for it first.
     *
     * @param threadFields the identity of threads held in event fields other than the one an event is about
     * @param completeFrame what completes a frame as it is written (descriptors of in-process frames)
     * @return one line saying what was written
     */
    synchronized String finish(boolean atExit, Function<Thread, ThreadIdentity> threadFields,
            UnaryOperator<StackFrame> completeFrame) {
        if (recording == null) {
            return "no recording";
        }
        try {
            if (atExit) {
                awaitJfrShutdownHook();
            }
            if (recording.getState() == RecordingState.RUNNING) {
                recording.stop();
            }
            if (!writable) {
                return "no file written";
            }
            long events = appendAttributed(threadFields, completeFrame);
            return "wrote " + file + " (" + Files.size(file) + " bytes; " + events
                + " hotscope events on their threads with their stacks" + evictedText() + ")";
        } catch (IOException | RuntimeException e) {
            return "recording not (fully) written to " + file + ": " + AgentLog.describe(e);
        } finally {
            attributed.clear();
            closeQuietly();
        }
    }

    private String evictedText() {
        long evicted = attributed.evicted();
        return evicted == 0 ? "" : "; the oldest " + evicted + " were dropped to keep " + attributed.capacity();
    }

    private long appendAttributed(Function<Thread, ThreadIdentity> threadFields, UnaryOperator<StackFrame> completeFrame)
            throws IOException {
        if (attributed.size() == 0) {
            return 0;
        }
        Path chunk = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".hotscope");
        try {
            long written = 0;
            try (OutputStream out = Files.newOutputStream(chunk);
                 AttributedRecordingWriter writer = new AttributedRecordingWriter(out, threadFields, completeFrame)) {
                for (AttributedEvent e : attributed.events()) {
                    writer.write(e);
                    written++;
                }
            }
            RecordingFiles.concat(file, chunk, file);
            return written;
        } finally {
            Files.deleteIfExists(chunk);
        }
    }

    /** JFR's hook writes the JDK's part (dump on exit); appending before it is done would be overwritten. */
    private static void awaitJfrShutdownHook() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (JFR_SHUTDOWN_HOOK.equals(t.getName())) {
                try {
                    t.join(Duration.ofSeconds(10).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void closeQuietly() {
        try {
            recording.close();
        } catch (RuntimeException e) {
            // JFR's shutdown hook may have closed it already
        }
    }

    private boolean checkWritable() {
        Path dir = file.getParent();
        if (dir != null && Files.isDirectory(dir) && Files.isWritable(dir)
            && (!Files.exists(file) || Files.isWritable(file))) {
            return true;
        }
        AgentLog.line("cannot write " + file + " (no such directory, or not writable): give file=PATH;"
            + " events still go to the JVM's own recordings");
        return false;
    }
}
