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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Event;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * The session's own JFR recording: every hotscope event plus a few cheap JDK events for context,
 * written to the file when the session ends. Its destination is set up front so that JFR itself
 * writes the file if the JVM exits first.
 */
final class SessionRecording {
    /** Every hotscope event type; committed events also reach any other recording of the JVM. */
    static final List<Class<? extends Event>> EVENTS = List.of(SyscallLatencyEvent.class, LockWaitEvent.class,
        OffCpuEvent.class, RunQueueLatencyEvent.class, GcPauseEvent.class, SafepointEvent.class,
        MethodSpanEvent.class, LostEventsEvent.class, AgentStatusEvent.class, LatencyHistogramEvent.class, OffCpuStackEvent.class);
    private static final List<String> JDK_CONTEXT = List.of("jdk.JVMInformation", "jdk.GarbageCollection",
        "jdk.GCPhasePause", "jdk.ThreadStart", "jdk.ThreadEnd");
    private static final long MAX_BYTES = 256L * 1024 * 1024;

    private final Path file;
    private Recording recording;
    private boolean writable;

    SessionRecording(Path file) {
        this.file = file.toAbsolutePath();
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

    private void startRecording() {
        recording = new Recording();
        recording.setName("hotscope");
        recording.setToDisk(true);
        recording.setMaxSize(MAX_BYTES);
        for (Class<? extends Event> type : EVENTS) {
            recording.enable(type).withoutStackTrace().withoutThreshold();
        }
        // Spans are committed on the thread that made the call: JFR's own stack trace is the right one.
        recording.enable(MethodSpanEvent.class).withStackTrace();
        JDK_CONTEXT.forEach(name -> recording.enable(name));
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

    String describe() {
        return writable ? file.toString() : "no file (the JVM's own recordings only)";
    }

    /** Stops the recording, writing the file; returns one line saying what was written. */
    String finish() {
        if (recording == null) {
            return "no recording";
        }
        try {
            if (recording.getState() == RecordingState.RUNNING) {
                recording.stop();
            }
            if (!writable) {
                return "no file written";
            }
            return "wrote " + file + " (" + Files.size(file) + " bytes)";
        } catch (IOException | RuntimeException e) {
            return "recording not written to " + file + ": " + AgentLog.describe(e);
        } finally {
            recording.close();
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
