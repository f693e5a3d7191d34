package dev.hotscope.tests.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.bpf.symbols.Frame;
import dev.hotscope.bpf.symbols.Symbolizer;
import dev.hotscope.bpf.syscalls.SyscallEvent;
import dev.hotscope.bpf.syscalls.SyscallHistogram;
import dev.hotscope.bpf.syscalls.SyscallTracer;
import dev.hotscope.bpf.threads.ThreadDirectory;
import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.TracingAssumptions;
import java.io.IOException;
import java.nio.file.Path;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The syscall latency program against a forked JVM with a sleeping, an fsyncing and a
 * pipe-reading thread: each seen with the right syscall, duration, thread name and stack.
 */
class SyscallLatencyTest {
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private ChildProcess target;
    private final List<SyscallEvent> events = new ArrayList<>();

    @BeforeEach
    void startTarget() throws InterruptedException {
        TracingAssumptions.requireRoot();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        target = ChildProcess.start("workload", List.of(java, "-XX:+PreserveFramePointer", "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"), BlockingWorkload.class.getName()), Map.of());
        target.stdout().await(line -> line.startsWith("READY"), STARTUP)
            .orElseThrow(() -> new AssertionError("workload did not start: " + target.describe()));
    }

    @AfterEach
    void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void sleeperFsyncerAndPipeReaderAreSeenWithSyscallDurationThreadAndStack() throws Exception {
        try (SyscallTracer tracer = SyscallTracer.start(target.pid(), Duration.ZERO, events::add)) {
            send("go");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (target.stdout().all().stream().noneMatch("DONE"::equals) && System.nanoTime() < deadline) {
                tracer.poll(Duration.ofMillis(100));
            }
            tracer.poll(Duration.ofMillis(200));
            assertThat(target.stdout().all()).as("workload finished: %s", target.describe()).contains("DONE");

            ThreadDirectory threads = ThreadDirectory.forProcess(target.pid());
            Symbolizer symbols = Symbolizer.forProcess(target.pid());
            Map<String, List<SyscallEvent>> byThread = events.stream()
                .collect(Collectors.groupingBy(e -> threads.lookup(e.tid()).name()));

            List<SyscallEvent> sleeps = only(byThread.get("sleeper"), "futex").stream()
                .filter(e -> e.durationNanos() >= ms(10)).collect(Collectors.toList());
            assertThat(sleeps).as("sleeper's futex waits").hasSizeGreaterThanOrEqualTo(BlockingWorkload.SLEEPS - 1);
            assertThat(sleeps).allSatisfy(e -> assertThat(e.durationNanos())
                .isBetween(ms(BlockingWorkload.SLEEP_MS - 5), ms(BlockingWorkload.SLEEP_MS * 4)));
            assertThat(javaFrames(symbols, sleeps.get(0))).as("sleeper's stack, unwound through glibc and libjvm")
                .anyMatch(f -> f.startsWith("JVM_Sleep")).anyMatch(f -> f.contains("BlockingWorkload.sleepOnce"));

            int fsyncer = tidOf(threads, "fsyncer");
            SyscallHistogram fsyncs = tracer.histograms().stream()
                .filter(h -> h.tid() == fsyncer && h.name().equals("fsync")).findFirst()
                .orElseThrow(() -> new AssertionError("no fsync histogram for fsyncer: " + tracer.histograms()));
            assertThat(fsyncs.count()).isEqualTo(BlockingWorkload.FSYNCS);

            List<SyscallEvent> reads = only(byThread.get("reader"), "read");
            assertThat(reads).as("reader's blocked read").hasSize(1);
            SyscallEvent read = reads.get(0);
            assertThat(read.durationNanos()).isBetween(ms(BlockingWorkload.PIPE_BLOCK_MS - 10), ms(2_000));
            assertThat(read.result()).as("EOF once the write end closes").isZero();
            assertThat(javaFrames(symbols, read)).as("reader's stack").anyMatch(f -> f.contains("BlockingWorkload.readPipeOnce"));

            List<SyscallEvent> fsyncEvents = only(byThread.get("fsyncer"), "fsync");
            assertThat(fsyncEvents).hasSize(BlockingWorkload.FSYNCS);
            assertThat(fsyncEvents).allSatisfy(e -> assertThat(e.result()).isZero());
            assertThat(javaFrames(symbols, fsyncEvents.get(0))).as("fsyncer's stack").anyMatch(f -> f.contains("BlockingWorkload.fsyncOnce"));
            assertThat(tracer.counters().anyLost()).as("lost: %s", tracer.counters()).isFalse();
        }
    }

    private static List<SyscallEvent> only(List<SyscallEvent> events, String syscall) {
        return events == null ? List.of() : events.stream().filter(e -> e.name().equals(syscall)).collect(Collectors.toList());
    }

    private static int tidOf(ThreadDirectory threads, String name) {
        return (int) threads.threads().stream().filter(t -> t.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no thread named " + name + " in " + threads.threads())).tid();
    }

    private static List<String> javaFrames(Symbolizer symbols, SyscallEvent e) {
        Frame[] frames = new Frame[e.userStack().length];
        symbols.symbolizeStack(e.userStack(), frames.length, frames);
        return Arrays.stream(frames).map(Frame::name).collect(Collectors.toList());
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    private void send(String line) throws IOException {
        OutputStream in = target.process().getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }
}
