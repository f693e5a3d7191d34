package dev.hotscope.jfr.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.jfr.events.OffCpuEvent;
import dev.hotscope.jfr.events.SyscallLatencyEvent;
import dev.hotscope.jfr.writer.AttributedEvent;
import dev.hotscope.jfr.writer.AttributedRecordingWriter;
import dev.hotscope.jfr.writer.FrameType;
import dev.hotscope.jfr.writer.RecordingFiles;
import dev.hotscope.jfr.writer.StackFrame;
import dev.hotscope.jfr.writer.ThreadIdentity;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's written recording (the JDK's chunks, then hotscope's with eventThread and stackTrace):
 * the report takes stacks from the JFR stack trace, leaves its kernel frames out, and falls back to
 * the event thread for events without thread fields.
 */
class WrittenRecordingReportTest {
    private static final long MS = 1_000_000L;

    @Test
    void stackTracesAndEventThreadsOfTheWrittenChunk(@TempDir Path dir) throws Exception {
        Thread worker = new Thread(() -> { }, "wire-1");
        OffCpuEvent off = new OffCpuEvent();
        off.javaThread = worker;
        off.osThreadId = 4242;
        off.threadName = "wire-1";
        off.reason = "sleeping";
        off.offCpu = 40 * MS;
        // The text disagrees with the trace on purpose: the trace must win.
        off.stack = "com.acme.Text.other:1 [java]\n";
        List<StackFrame> frames = List.of(
            StackFrame.function(FrameType.KERNEL, "kernel", "schedule"),
            StackFrame.function(FrameType.NATIVE, "libc.so.6", "__futex_abstimed_wait_common"),
            StackFrame.java(FrameType.JIT_COMPILED, "com.acme.Wire", "send", "(I)V", 88),
            StackFrame.java(FrameType.JAVA, "com.acme.Wire", "loop", "()V", 12));
        SyscallLatencyEvent gcWorkerCall = new SyscallLatencyEvent();
        gcWorkerCall.syscall = "futex";
        gcWorkerCall.latency = 7 * MS;
        gcWorkerCall.threadName = "";

        Path chunk = dir.resolve("hotscope-chunk.jfr");
        long start = System.nanoTime() - 500 * MS;
        try (OutputStream out = Files.newOutputStream(chunk);
             AttributedRecordingWriter w = new AttributedRecordingWriter(out, t -> ThreadIdentity.of(t, 1, null))) {
            w.write(new AttributedEvent(off, start, 40 * MS, ThreadIdentity.of(worker, 4242, null), frames));
            w.write(new AttributedEvent(gcWorkerCall, start + 100 * MS, 7 * MS,
                new ThreadIdentity(0, 5151, null, "G1 Conc#0"), List.of()));
        }
        Path recording = dir.resolve("written.jfr");
        RecordingFiles.concat(ReportBadInputTest.jdkRecording(dir.resolve("jdk.jfr")), chunk, recording);

        StringBuilder text = new StringBuilder();
        Report.writeSummary(recording, text);
        String summary = text.toString();
        assertThat(summary).contains("40.0 ms (100.0%) sleeping, 1 intervals, threads: wire-1\n"
            + "      __futex_abstimed_wait_common [native]\n      com.acme.Wire.send:88\n      com.acme.Wire.loop:12\n")
            .doesNotContain("com.acme.Text.other").doesNotContain("schedule");
        assertThat(summary).contains("  wire-1 (4242) ").contains("  G1 Conc#0 (5151) ");
        assertThat(summary).contains("GC pauses (jdk.GarbageCollection)");

        Path html = dir.resolve("written.html");
        Report.writeHtml(recording, html);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(html)))
            .as("readable like any file the user writes, not private like a temporary file").isEqualTo("rw-r--r--");
        List<String> names = FlameGraphPages.frameNames(FlameGraphPages.page(Files.readString(html), "flame-offcpu"));
        assertThat(names).contains("com.acme.Wire.send", "com.acme.Wire.loop", "__futex_abstimed_wait_common", "sleeping")
            .doesNotContain("schedule", "com.acme.Text.other", "libc.so.6.__futex_abstimed_wait_common");
    }

    /**
     * With another recording running on JDK 17, the JDK's part also holds the agent's in-process copies
     * (committed by the hotscope-agent thread): each wait is counted once, from the agent's chunk.
     */
    @Test
    void inProcessCopiesBesideTheAgentsChunkCountOnce(@TempDir Path dir) throws Exception {
        Thread worker = new Thread(() -> { }, "wire-2");
        Path jdk = dir.resolve("jdk.jfr");
        try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
            r.enable(SyscallLatencyEvent.class);
            r.start();
            Thread agent = new Thread(() -> syscall(worker).commit(), "hotscope-agent");
            agent.start();
            agent.join();
            r.stop();
            r.dump(jdk);
        }
        Path chunk = dir.resolve("hotscope-chunk.jfr");
        try (OutputStream out = Files.newOutputStream(chunk);
             AttributedRecordingWriter w = new AttributedRecordingWriter(out, t -> ThreadIdentity.of(t, 1, null))) {
            w.write(new AttributedEvent(syscall(worker), System.nanoTime() - 100 * MS, 30 * MS,
                ThreadIdentity.of(worker, 777, null), List.of()));
        }
        Path recording = dir.resolve("written.jfr");
        RecordingFiles.concat(jdk, chunk, recording);
        StringBuilder text = new StringBuilder();
        Report.writeSummary(recording, text);
        assertThat(text.toString()).contains("1 SyscallLatency").contains("left out 1 in-process copies");

        StringBuilder jdkOnly = new StringBuilder();
        Report.writeSummary(jdk, jdkOnly);
        assertThat(jdkOnly.toString()).as("a recording with in-process events only keeps them")
            .contains("1 SyscallLatency").doesNotContain("left out");
    }

    private static SyscallLatencyEvent syscall(Thread worker) {
        SyscallLatencyEvent e = new SyscallLatencyEvent();
        e.syscall = "fsync";
        e.latency = 30 * MS;
        e.javaThread = worker;
        e.osThreadId = 777;
        e.threadName = "wire-2";
        return e;
    }
}
