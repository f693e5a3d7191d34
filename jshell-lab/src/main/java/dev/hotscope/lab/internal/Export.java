package dev.hotscope.lab.internal;

import dev.hotscope.jfr.events.GcPauseEvent;
import dev.hotscope.jfr.events.LabProbeEvent;
import dev.hotscope.jfr.events.LockWaitEvent;
import dev.hotscope.jfr.events.LostEventsEvent;
import dev.hotscope.jfr.events.OffCpuEvent;
import dev.hotscope.jfr.events.RunQueueLatencyEvent;
import dev.hotscope.jfr.events.SyscallLatencyEvent;
import dev.hotscope.jfr.events.ThreadEvent;
import dev.hotscope.jfr.report.Report;
import dev.hotscope.jfr.report.ReportException;
import dev.hotscope.jfr.writer.AttributedEvent;
import dev.hotscope.jfr.writer.AttributedRecordingWriter;
import dev.hotscope.jfr.writer.FrameType;
import dev.hotscope.jfr.writer.StackFrame;
import dev.hotscope.jfr.writer.ThreadIdentity;
import dev.hotscope.lab.Event;
import dev.hotscope.lab.Events;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Lab results as files: a JFR recording JMC opens (each event on its thread's lane, with its stack) and
 * hotscope's HTML report of it. Events of the built-in sources become the agent's own event types, so the
 * report and JMC treat them alike; probe firings become {@code hotscope.LabProbe}.
 */
public final class Export {
    private Export() {}

    /**
     * Writes {@code events} to {@code file}: a {@code .jfr} recording, or an {@code .html} report (with the
     * recording next to it, {@code .jfr} in place of {@code .html}).
     *
     * @return one line saying what was written
     * @throws IllegalArgumentException if the extension is neither, or the file cannot be written
     */
    public static String save(Events events, Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jfr")) {
            writeJfr(events, file);
            return "wrote " + events.size() + " events to " + file + "; open it in JDK Mission Control or `jfr print`";
        }
        if (name.endsWith(".html")) {
            Path jfr = file.resolveSibling(file.getFileName().toString().replaceFirst("(?i)\\.html$", ".jfr"));
            writeJfr(events, jfr);
            try {
                return Report.writeHtml(jfr, file) + " (recording: " + jfr + ")";
            } catch (ReportException e) {
                throw new IllegalArgumentException("cannot write the report " + file + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("save(" + file + "): give a path ending in .jfr (a recording for JMC) or .html (the report)");
    }

    private static void writeJfr(Events events, Path file) {
        long first = events.stream().mapToLong(Event::startNanos).min().orElse(System.nanoTime());
        long epochOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        try (OutputStream out = Files.newOutputStream(file);
             AttributedRecordingWriter writer = new AttributedRecordingWriter(out, t -> ThreadIdentity.of(t, 0, null),
                 UnaryOperator.identity(), first, first + epochOffset)) {
            for (Event e : events) {
                writer.write(attributed(e, epochOffset));
            }
            if (events.lost() > 0) {
                LostEventsEvent lost = new LostEventsEvent();
                lost.source = events.title();
                lost.reason = "ring buffer full or the lab's event limit";
                lost.lost = events.lost();
                lost.lostTotal = events.lost();
                writer.write(new AttributedEvent(lost, first, 0, null, List.of()));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + e.getCause().getMessage());
        }
    }

    private static AttributedEvent attributed(Event e, long epochOffset) {
        jdk.jfr.Event jfr = switch (e.source()) {
            case "syscalls" -> syscall(e);
            case "locks" -> lock(e);
            case "offcpu" -> offCpu(e);
            case "runq" -> runQueue(e);
            case "gc" -> gcPause(e, epochOffset);
            default -> probe(e);
        };
        if (jfr instanceof ThreadEvent t) {
            t.osThreadId = e.tid();
            t.threadName = e.thread();
            t.began = (e.startNanos() + epochOffset) / 1_000_000L;
            t.stack = String.join("\n", e.stack());
            t.stackSource = e.stack().isEmpty() ? "none" : "bpf";
        }
        return new AttributedEvent(jfr, e.startNanos(), e.durationNanos(), new ThreadIdentity(0, e.tid(), null, e.thread()),
            frames(e.stack()));
    }

    private static SyscallLatencyEvent syscall(Event e) {
        SyscallLatencyEvent s = new SyscallLatencyEvent();
        s.syscall = e.name();
        s.latency = e.durationNanos();
        s.result = e.argCount() > 0 ? e.arg(0) : 0;
        s.error = "";
        return s;
    }

    private static LockWaitEvent lock(Event e) {
        LockWaitEvent l = new LockWaitEvent();
        boolean monitor = e.name().startsWith("monitor ");
        l.kind = monitor ? "monitor" : e.name();
        l.monitorClass = monitor ? e.name().substring("monitor ".length()) : "";
        l.wait = e.durationNanos();
        l.wakerOsThreadId = e.argCount() > 0 ? e.arg(0) : 0;
        l.wakerName = "";
        l.error = "";
        return l;
    }

    private static OffCpuEvent offCpu(Event e) {
        OffCpuEvent o = new OffCpuEvent();
        o.reason = e.name();
        o.offCpu = e.durationNanos();
        o.runQueueDelay = e.argCount() > 0 ? e.arg(0) : 0;
        o.wakerOsThreadId = e.argCount() > 1 ? e.arg(1) : 0;
        o.wakerName = "";
        return o;
    }

    private static RunQueueLatencyEvent runQueue(Event e) {
        RunQueueLatencyEvent r = new RunQueueLatencyEvent();
        r.latency = e.durationNanos();
        r.cause = e.name();
        r.cpu = e.argCount() > 0 ? (int) e.arg(0) : -1;
        return r;
    }

    private static GcPauseEvent gcPause(Event e, long epochOffset) {
        GcPauseEvent g = new GcPauseEvent();
        g.began = (e.startNanos() + epochOffset) / 1_000_000L;
        g.pause = e.durationNanos();
        g.full = e.name().startsWith("full");
        g.gcCpuTime = e.argCount() > 0 ? e.arg(0) : 0;
        g.gcRunQueueTime = e.argCount() > 1 ? e.arg(1) : 0;
        g.gcThreads = e.argCount() > 2 ? (int) e.arg(2) : 0;
        g.starvation = e.durationNanos() > 0 ? (double) g.gcRunQueueTime / e.durationNanos() : 0;
        g.source = "lab";
        return g;
    }

    private static LabProbeEvent probe(Event e) {
        LabProbeEvent p = new LabProbeEvent();
        p.source = e.source();
        p.probe = e.name();
        p.elapsed = e.durationNanos();
        StringBuilder args = new StringBuilder();
        for (int i = 0; i < e.argCount(); i++) {
            args.append(i == 0 ? "" : ", ").append("arg").append(i).append('=').append(e.arg(i));
        }
        p.arguments = args.toString();
        return p;
    }

    /** The lab's frame text back as typed frames: {@code [k] f}, {@code lib:f}, {@code [interpreter]}, Java. */
    static List<StackFrame> frames(List<String> stack) {
        List<StackFrame> frames = new ArrayList<>(Math.min(stack.size(), AttributedRecordingWriter.MAX_FRAMES));
        for (String text : stack) {
            if (frames.size() == AttributedRecordingWriter.MAX_FRAMES) {
                break;
            }
            frames.add(frame(text));
        }
        return frames;
    }

    private static StackFrame frame(String text) {
        if (text.startsWith("[k] ")) {
            return StackFrame.function(FrameType.KERNEL, "kernel", text.substring(4));
        }
        if (text.equals("[interpreter]")) {
            return StackFrame.function(FrameType.INTERPRETED, "interpreter", "interpreted method");
        }
        if (text.startsWith("[codecache] ")) {
            return StackFrame.function(FrameType.NATIVE, "codecache", text.substring("[codecache] ".length()));
        }
        int colon = text.indexOf(':');
        int scope = text.indexOf("::"); // C++ names (os::PlatformEvent::park) contain colons too
        if (colon > 0 && (scope < 0 || colon < scope)) {
            return StackFrame.function(FrameType.NATIVE, text.substring(0, colon), text.substring(colon + 1));
        }
        int dot = text.lastIndexOf('.');
        if (dot > 0 && dot < text.length() - 1) {
            return StackFrame.java(FrameType.JIT_COMPILED, text.substring(0, dot), text.substring(dot + 1), null, -1);
        }
        return StackFrame.function(FrameType.UNKNOWN, "unknown", text);
    }
}
