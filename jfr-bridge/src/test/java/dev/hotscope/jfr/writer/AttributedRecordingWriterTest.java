package dev.hotscope.jfr.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.jfr.events.LockWaitEvent;
import dev.hotscope.jfr.events.SyscallLatencyEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.EventType;
import jdk.jfr.Recording;
import jdk.jfr.Timespan;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttributedRecordingWriterTest {
    @TempDir
    Path dir;

    private static final List<StackFrame> FRAMES = List.of(
        StackFrame.function(FrameType.KERNEL, "kernel", "futex_wait"),
        StackFrame.function(FrameType.NATIVE, "libc.so.6", "__futex_abstimed_wait_common"),
        StackFrame.java(FrameType.JAVA, "java.util.concurrent.locks.LockSupport", "park", "", 211),
        StackFrame.java(FrameType.JIT_COMPILED, "com.acme.Shop", "checkout", "(I)V", 42));

    @Test
    void eventsCarryTheThreadTheyAreAboutAndItsStack() throws Exception {
        Thread worker = new Thread(() -> { }, "shop-worker-1");
        ThreadIdentity id = ThreadIdentity.of(worker, 4242, null);
        long start = System.nanoTime() - 50_000_000L;
        Instant before = Instant.now().minusMillis(60);
        LockWaitEvent e = new LockWaitEvent();
        e.kind = "futex";
        e.wait = 30_000_000L;
        e.javaThread = worker;
        e.osThreadId = 4242;
        e.threadName = "shop-worker-1";
        e.waker = Thread.currentThread();
        Path chunk = write(new AttributedEvent(e, start, 30_000_000L, id, FRAMES));

        List<RecordedEvent> events = RecordingFile.readAllEvents(chunk);
        assertThat(events).hasSize(1);
        RecordedEvent read = events.get(0);
        assertThat(read.getEventType().getName()).isEqualTo("hotscope.LockWait");
        assertThat(read.getThread().getJavaName()).isEqualTo("shop-worker-1");
        assertThat(read.getThread().getOSThreadId()).isEqualTo(4242);
        assertThat(read.getThread().getJavaThreadId()).isEqualTo(worker.getId());
        assertThat(read.getDuration()).isEqualTo(Duration.ofMillis(30));
        assertThat(read.getStartTime()).isBetween(before, before.plusMillis(40));
        assertThat(read.getLong("wait")).isEqualTo(30_000_000L);
        assertThat(read.getThread("waker").getJavaName()).isEqualTo(Thread.currentThread().getName());
        List<RecordedFrame> frames = read.getStackTrace().getFrames();
        assertThat(frames).extracting(RecordedFrame::getType)
            .containsExactly("Kernel", "Native", "Java", "JIT compiled");
        assertThat(frames.get(3).getMethod().getType().getName()).isEqualTo("com.acme.Shop");
        assertThat(frames.get(3).getMethod().getName()).isEqualTo("checkout");
        assertThat(frames.get(3).getMethod().getDescriptor()).isEqualTo("(I)V");
        assertThat(frames.get(3).getLineNumber()).isEqualTo(42);
        assertThat(frames.get(0).getMethod().getName()).isEqualTo("futex_wait");
        assertThat(frames.get(1).getMethod().getType().getName()).isEqualTo("libc.so.6");
    }

    @Test
    void fieldsKeepTheirLabelsUnitsAndCategory() throws Exception {
        SyscallLatencyEvent e = new SyscallLatencyEvent();
        e.latency = 5_000_000L;
        Path chunk = write(new AttributedEvent(e, System.nanoTime(), 5_000_000L, null, List.of()));
        try (RecordingFile f = new RecordingFile(chunk)) {
            EventType type = f.readEventTypes().stream()
                .filter(t -> t.getName().equals("hotscope.SyscallLatency")).findFirst().orElseThrow();
            EventType inProcess = EventType.getEventType(SyscallLatencyEvent.class);
            assertThat(type.getLabel()).isEqualTo(inProcess.getLabel());
            assertThat(type.getDescription()).isEqualTo(inProcess.getDescription());
            assertThat(type.getCategoryNames()).isEqualTo(inProcess.getCategoryNames());
            assertThat(type.getField("latency").getAnnotation(Timespan.class).value()).isEqualTo(Timespan.NANOSECONDS);
            assertThat(type.getField("latency").getLabel()).isEqualTo(inProcess.getField("latency").getLabel());
            assertThat(type.getField("duration").getAnnotation(Timespan.class).value()).isEqualTo(Timespan.TICKS);
        }
    }

    @Test
    void concatenatedAfterTheJdksChunksBothAreRead() throws Exception {
        Path jdk = dir.resolve("jdk.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.JVMInformation");
            r.start();
            r.stop();
            r.dump(jdk);
        }
        SyscallLatencyEvent e = new SyscallLatencyEvent();
        Path chunk = write(new AttributedEvent(e, System.nanoTime(), 1, null, List.of()));
        Path out = dir.resolve("out.jfr");
        RecordingFiles.concat(jdk, chunk, out);
        List<String> names = RecordingFile.readAllEvents(out).stream()
            .map(x -> x.getEventType().getName()).collect(Collectors.toList());
        assertThat(names).contains("jdk.JVMInformation", "hotscope.SyscallLatency");
        // jfr summary counts events by type id across chunks: an event type keeps the JDK's id for it,
        // every other type of ours is numbered above the JDK's.
        try (RecordingFile f = new RecordingFile(chunk)) {
            long jdkId = EventType.getEventType(SyscallLatencyEvent.class).getId();
            assertThat(f.readEventTypes()).filteredOn(t -> t.getName().equals("hotscope.SyscallLatency"))
                .singleElement().satisfies(t -> assertThat(t.getId()).isEqualTo(jdkId));
        }
        try (RecordingFile f = new RecordingFile(jdk)) {
            assertThat(f.readEventTypes()).noneMatch(t -> t.getId() >= 1L << 20);
        }
    }

    private Path write(AttributedEvent... events) throws IOException {
        Path chunk = Files.createTempFile(dir, "chunk", ".jfr");
        try (OutputStream out = Files.newOutputStream(chunk);
             AttributedRecordingWriter w = new AttributedRecordingWriter(out, t -> ThreadIdentity.of(t, 1, null))) {
            for (AttributedEvent e : events) {
                w.write(e);
            }
        }
        return chunk;
    }
}
