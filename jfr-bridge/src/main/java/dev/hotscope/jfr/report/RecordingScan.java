package dev.hotscope.jfr.report;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a recording once, event by event, into {@link Findings}: memory stays bounded whatever the
 * size of the file. Anything the JDK's reader cannot read becomes a one-line {@link ReportException}.
 */
final class RecordingScan {
    private final Findings findings;
    private final StackFrames stacks = new StackFrames();

    private RecordingScan(Path file) {
        this.findings = new Findings(file);
    }

    static Findings read(Path file) throws ReportException {
        InputFiles.checkRecording(file);
        RecordingScan scan = new RecordingScan(file);
        InProcessCopies copies = InProcessCopies.of(file);
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (!copies.skip(e)) {
                    scan.accept(e);
                }
            }
            if (copies.skipped() > 0) {
                scan.findings.facts.status("report: left out " + copies.skipped() + " in-process copies (on the"
                    + " agent's thread) of events the agent's own chunk holds on their threads");
            }
        } catch (EOFException e) {
            throw new ReportException(file + " is truncated (" + e.getMessage() + "): give a complete JFR"
                + " recording, e.g. one the agent wrote when it stopped, or jcmd PID JFR.dump", e);
        } catch (IOException e) {
            // Its magic and chunk sizes were checked: what the parser refuses is damage inside a chunk.
            throw new ReportException(file + " is corrupt (" + e.getMessage() + "): give an intact JFR recording", e);
        } catch (RuntimeException e) {
            // The JDK's parser meets corrupt data with all sorts of runtime exceptions.
            throw new ReportException(file + " is corrupt (reading it failed with " + e + "): give an intact JFR"
                + " recording", e);
        }
        return scan.findings;
    }

    private void accept(RecordedEvent e) {
        String type = e.getEventType().getName();
        long start = EventFields.toNanos(e.getStartTime());
        findings.facts.seen(type, start, EventFields.toNanos(e.getEndTime()));
        switch (type) {
            case "hotscope.SyscallLatency": syscall(e); break;
            case "hotscope.LockWait": lockWait(e); break;
            case "hotscope.OffCpu": offCpu(e); break;
            case "hotscope.RunQueueLatency": runQueue(e); break;
            case "hotscope.GcPause": hotscopeGc(e); break;
            case "jdk.GarbageCollection": jdkGc(e); break;
            case "hotscope.OffCpuStack": offCpuStack(e); break;
            case "hotscope.LatencyHistogram": histogram(e); break;
            case "hotscope.Safepoint":
                findings.safepoints.add(orDash(EventFields.string(e, "operation")), EventFields.nanos(e, "total"));
                break;
            case "hotscope.MethodSpan":
                findings.methods.add(orDash(EventFields.string(e, "method")), EventFields.nanos(e, "span"));
                break;
            case "hotscope.LostEvents": lost(e); break;
            case "hotscope.AgentStatus": status(e); break;
            case "jdk.JVMInformation": jvm(e); break;
            default: break;
        }
    }

    private void syscall(RecordedEvent e) {
        long nanos = EventFields.nanos(e, "latency");
        String name = orDash(EventFields.string(e, "syscall"));
        findings.syscalls.add(name, nanos);
        String error = EventFields.string(e, "error");
        String detail = error.isEmpty() ? name : name + " " + error;
        ThreadRef thread = waited(e, WaitKind.SYSCALL, nanos, detail);
        findings.syscallByStack.add(stacks.of(e), name, thread.name(), nanos);
    }

    private void lockWait(RecordedEvent e) {
        long nanos = EventFields.nanos(e, "wait");
        String kind = orDash(EventFields.string(e, "kind"));
        String waker = EventFields.string(e, "wakerName");
        String monitorClass = EventFields.string(e, "monitorClass");
        String error = EventFields.string(e, "error");
        findings.lockKinds.add(kind, nanos);
        findings.lockWakers.add(waker.isEmpty() ? "(unknown)" : waker, nanos);
        if (!monitorClass.isEmpty()) {
            findings.monitorClasses.add(monitorClass, nanos);
        }
        String detail = kind + (monitorClass.isEmpty() ? "" : " " + monitorClass)
            + (!error.isEmpty() ? " " + error : waker.isEmpty() ? "" : ", woken by " + waker);
        ThreadRef thread = waited(e, WaitKind.LOCK, nanos, detail);
        findings.lockByStack.add(stacks.of(e), monitorClass.isEmpty() ? kind : kind + " " + monitorClass,
            thread.name(), nanos);
    }

    private void offCpu(RecordedEvent e) {
        long nanos = EventFields.nanos(e, "offCpu");
        String reason = orDash(EventFields.string(e, "reason"));
        String waker = EventFields.string(e, "wakerName");
        findings.offCpuReasons.add(reason, nanos);
        if (!waker.isEmpty()) {
            findings.offCpuWakers.add(waker, nanos);
        }
        ThreadRef thread = waited(e, WaitKind.OFF_CPU, nanos, waker.isEmpty() ? reason : reason + ", woken by " + waker);
        findings.offCpuByStack.add(stacks.of(e), reason, thread.name(), nanos);
    }

    private void runQueue(RecordedEvent e) {
        long nanos = EventFields.nanos(e, "latency");
        String cause = EventFields.string(e, "cause");
        waited(e, WaitKind.RUN_QUEUE, nanos, (cause.isEmpty() ? "runnable" : cause) + ", ran on CPU "
            + EventFields.longValue(e, "cpu"));
    }

    /** Counts a wait of the thread the event is about and offers it to the timeline. */
    private ThreadRef waited(RecordedEvent e, WaitKind kind, long nanos, String detail) {
        ThreadRef thread = EventFields.threadOf(e);
        findings.threads.add(thread, kind, nanos);
        findings.durations.get(kind).addNanos(nanos);
        findings.timeline.add(new Timeline.Wait(kind, thread, EventFields.began(e, nanos), nanos, detail));
        return thread;
    }

    private void hotscopeGc(RecordedEvent e) {
        long nanos = EventFields.nanos(e, "pause");
        double starvation = EventFields.doubleValue(e, "starvation");
        boolean full = EventFields.booleanValue(e, "full");
        findings.hotscopeGc.add(new GcPauses.Pause(EventFields.began(e, nanos), nanos, starvation,
            EventFields.nanos(e, "gcCpuTime"), EventFields.nanos(e, "gcRunQueueTime"),
            (int) EventFields.longValue(e, "gcThreads"), full ? "full" : "young"));
    }

    private void jdkGc(RecordedEvent e) {
        long pauses = EventFields.nanos(e, "sumOfPauses");
        long nanos = pauses > 0 ? pauses : e.getDuration().toNanos();
        String name = EventFields.string(e, "name");
        String cause = EventFields.string(e, "cause");
        findings.jdkGc.add(new GcPauses.Pause(EventFields.toNanos(e.getStartTime()), nanos, Double.NaN, 0, 0, 0,
            cause.isEmpty() ? name : name + " (" + cause + ")"));
    }

    private void offCpuStack(RecordedEvent e) {
        String threads = EventFields.string(e, "threads");
        int comma = threads.indexOf(',');
        findings.offCpuSums.add(StackFrames.parse(EventFields.string(e, "stack")),
            orDash(EventFields.string(e, "reason")), comma < 0 ? threads : threads.substring(0, comma),
            EventFields.nanos(e, "total"), Math.max(1, EventFields.longValue(e, "count")));
    }

    private void histogram(RecordedEvent e) {
        String kind = EventFields.string(e, "kind");
        // Lock and off-CPU histograms have no syscall: they are named by kind and category ("lock futex").
        String name = kind.equals("syscall") || kind.equals("runq") ? EventFields.string(e, "syscall")
            : kind + " " + EventFields.string(e, "category");
        findings.kernelHistograms.add(kind, name,
            EventFields.threadOf(e).osThreadId(), EventFields.longValue(e, "count"), EventFields.nanos(e, "total"),
            EventFields.string(e, "buckets"));
    }

    private void lost(RecordedEvent e) {
        String source = orDash(EventFields.string(e, "source"));
        String reason = EventFields.string(e, "reason");
        long lost = EventFields.longValue(e, "lost");
        // The same report may be in the JDK's part and in the agent's written chunk; its running total tells.
        if (lost > 0 && findings.facts.firstReport(source, reason, lost, EventFields.longValue(e, "lostTotal"))) {
            findings.facts.lost.merge(reason.isEmpty() ? source : source + ": " + reason, lost, Long::sum);
        }
    }

    private void status(RecordedEvent e) {
        String message = EventFields.string(e, "message");
        findings.facts.status(String.format(Locale.ROOT, "%s %s%s", orDash(EventFields.string(e, "feature")),
            orDash(EventFields.string(e, "state")), message.isEmpty() ? "" : ": " + message));
    }

    private void jvm(RecordedEvent e) {
        String name = EventFields.string(e, "jvmName");
        String version = EventFields.string(e, "jvmVersion");
        findings.facts.jvm = version.isEmpty() ? name : version.startsWith(name) ? version : name + " " + version;
        findings.facts.pid = EventFields.longValue(e, "pid");
    }

    private static String orDash(String s) {
        return s.isEmpty() ? "-" : s;
    }
}
