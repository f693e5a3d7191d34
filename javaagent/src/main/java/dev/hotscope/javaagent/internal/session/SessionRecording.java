package dev.hotscope.javaagent.internal.session;

import dev.hotscope.javaagent.internal.profiler.AsyncProfilerRecording;
import dev.hotscope.javaagent.internal.profiler.ProfilerMode;
import dev.hotscope.jfr.events.HotscopeEvents;
import dev.hotscope.jfr.events.MethodSpanEvent;
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
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;
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
    private static final long MAX_BYTES = 256L * 1024 * 1024;
    private static final String JFR_SHUTDOWN_HOOK = "JFR Shutdown Hook";

    private final Path file;
    private final ProfilerMode profilerMode;
    private final AttributedBuffer attributed;
    private Recording recording;
    private AsyncProfilerRecording profiler;
    private final OtherRecordings others = new OtherRecordings();
    private Path profilerSettings;
    private boolean writable;

    /**
     * @param profilerMode with {@code profiler=}: async-profiler writes the JDK's part (jfrsync), or null
     */
    SessionRecording(Path file, ProfilerMode profilerMode) {
        this(file, profilerMode, AttributedBuffer.DEFAULT_CAPACITY);
    }

    SessionRecording(Path file, ProfilerMode profilerMode, int capacity) {
        this.file = file.toAbsolutePath();
        this.profilerMode = profilerMode;
        this.attributed = new AttributedBuffer(capacity);
    }

    boolean started() {
        return profiler != null || recording != null && recording.getState() == RecordingState.RUNNING;
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
        if (profilerMode != null && startProfiler()) {
            return;
        }
        recording = new Recording(jdkSettings());
        recording.setName("hotscope");
        recording.setToDisk(true);
        recording.setMaxSize(MAX_BYTES);
        // The agent's own events are not named: an explicit "off" would also switch them off in the
        // user's recordings, JFR merging only the settings recordings name. They are committed
        // in-process only while another recording runs.
        for (Class<? extends Event> type : HotscopeEvents.IN_PROCESS) {
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
        others.watch(Set.of(recording));
    }

    /** Whether an in-process commit reaches a recording other than the session's (then it must be made). */
    boolean othersRecording() {
        return others.running();
    }

    /**
     * async-profiler in jfrsync mode starts the JDK's recording itself, with settings from a .jfc
     * file: JFR's "default" with hotscope's events set as in {@link #startRecording}. False (and
     * one line) if it cannot run: the session then records the JDK's part itself.
     */
    private boolean startProfiler() {
        if (!checkWritable()) {
            return false;
        }
        try {
            profilerSettings = ProfilerSettings.write(file);
        } catch (IOException | ParseException | RuntimeException e) {
            AgentLog.line("profiler=" + profilerMode.option() + " is off: its JFR settings could not be written ("
                + AgentLog.describe(e) + ")");
            return false;
        }
        Set<Recording> before = OtherRecordings.now();
        profiler = AsyncProfilerRecording.start(profilerMode, file, profilerSettings, AgentLog::line).orElse(null);
        if (profiler == null) {
            deleteSettings();
            return false;
        }
        Set<Recording> profilers = new java.util.HashSet<>(OtherRecordings.now());
        profilers.removeAll(before);
        others.watch(profilers);
        writable = true;
        return true;
    }

    /** JFR's "default" configuration, or JFR's per-event defaults if it cannot be read. */
    private static Map<String, String> jdkSettings() {
        try {
            return defaultConfiguration().getSettings();
        } catch (IOException | ParseException e) {
            AgentLog.line("JFR's default settings could not be read (" + AgentLog.describe(e)
                + "); the recording has hotscope's events and JFR's per-event defaults");
            return Map.of();
        }
    }

    /**
     * JFR's "default.jfc", read from the JDK's own file: {@code Configuration.getConfiguration}
     * leaves two directory streams on {@code lib/jfr} open on JDK 17, which the agent must not leave.
     */
    static Configuration defaultConfiguration() throws IOException, ParseException {
        return Configuration.create(Path.of(System.getProperty("java.home"), "lib", "jfr", "default.jfc"));
    }

    String describe() {
        if (!writable) {
            return "no file (the JVM's own recordings only)";
        }
        return profiler == null ? file.toString() : file + " with " + profiler.describe();
    }

    /**
     * Stops the recording and writes the file: the JDK's part, then hotscope's chunk. At JVM exit,
     * JFR's own shutdown hook stops the recording and writes the JDK's part: wait for it first.
     *
     * @param threadFields the identity of threads held in event fields other than the one an event is about
     * @param completeFrame what completes a frame as it is written (descriptors of in-process frames)
     * @param epochNanos the wall-clock time of a BPF timestamp, the one the events' fields were made with
     * @return one line saying what was written
     */
    synchronized String finish(boolean atExit, Function<Thread, ThreadIdentity> threadFields,
            UnaryOperator<StackFrame> completeFrame, LongUnaryOperator epochNanos) {
        if (recording == null && profiler == null) {
            return "no recording";
        }
        try {
            stopJdkPart(atExit);
            if (!writable) {
                return "no file written";
            }
            String copies = others.ever() ? InProcessCopies.drop(file, HotscopeEvents.WRITTEN_BY_AGENT) : "";
            long events = appendAttributed(threadFields, completeFrame, epochNanos);
            return "wrote " + file + " (" + Files.size(file) + " bytes; " + events
                + " hotscope events on their threads with their stacks" + evictedText() + copies + ")";
        } catch (IOException | RuntimeException e) {
            return "recording not (fully) written to " + file + ": " + AgentLog.describe(e);
        } finally {
            others.close();
            attributed.clear();
            closeQuietly();
        }
    }

    /** Has the JDK's part written: by async-profiler, by JFR's hook at exit, or by stopping the recording. */
    private void stopJdkPart(boolean atExit) {
        if (profiler != null) {
            profiler.stop(); // knows about JVM exit itself; one line if it fails
            deleteSettings();
            return;
        }
        if (atExit) {
            awaitJfrShutdownHook();
        }
        if (recording.getState() == RecordingState.RUNNING) {
            recording.stop();
        }
    }

    private void deleteSettings() {
        try {
            if (profilerSettings != null) {
                Files.deleteIfExists(profilerSettings);
            }
        } catch (IOException e) {
            AgentLog.line("could not delete " + profilerSettings + ": " + AgentLog.describe(e));
        }
    }

    private String evictedText() {
        long evicted = attributed.evicted();
        return evicted == 0 ? "" : "; the oldest " + evicted + " were dropped to keep " + attributed.capacity();
    }

    private long appendAttributed(Function<Thread, ThreadIdentity> threadFields, UnaryOperator<StackFrame> completeFrame,
            LongUnaryOperator epochNanos) throws IOException {
        if (attributed.size() == 0) {
            return 0;
        }
        // In start order: JMC 9.1's lane builder loses and repeats events that touch (one's start is
        // another's end) when they come unordered, and BPF's scheduler events often touch.
        List<AttributedEvent> events = new java.util.ArrayList<>(attributed.events());
        events.sort(java.util.Comparator.comparingLong(AttributedEvent::startNanoTime));
        Path chunk = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".hotscope");
        try {
            long written = 0;
            try (OutputStream out = Files.newOutputStream(chunk);
                 AttributedRecordingWriter writer = new AttributedRecordingWriter(out, threadFields, completeFrame,
                     events.get(0).startNanoTime(), epochNanos.applyAsLong(events.get(0).startNanoTime()))) {
                for (AttributedEvent e : events) {
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

    /**
     * JFR's hook writes the JDK's part (dump on exit) outside its lock: stopping the recording here
     * at the same time, or appending before it is done, would lose data. Shutdown hooks all start at
     * once, so the hook is normally running already; give it a moment if not.
     */
    private void awaitJfrShutdownHook() {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (JFR_SHUTDOWN_HOOK.equals(t.getName())) {
                    join(t);
                    return;
                }
            }
            if (recording.getState() != RecordingState.RUNNING) {
                return;
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }

    private static void join(Thread t) {
        try {
            t.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly() {
        try {
            if (recording != null) {
                recording.close();
            }
            if (profiler != null) {
                profiler.close();
            }
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
