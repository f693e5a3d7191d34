package dev.hotscope.tests.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.bpf.syscalls.InflightCall;
import dev.hotscope.bpf.syscalls.SyscallEvent;
import dev.hotscope.bpf.syscalls.SyscallTracer;
import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.TracingAssumptions;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A thread stuck in a system call is visible while it is stuck, whether it began before tracing or after. */
class InflightCallsTest {
    @Test
    void blockedReadsShowWhileBlockedAndReportTheirDurationOnReturn() throws Exception {
        TracingAssumptions.requireRoot();
        List<SyscallEvent> events = new ArrayList<>();
        try (ChildProcess shell = ChildProcess.start("reader", List.of("sh", "-c", "read a; read b; echo got"), Map.of())) {
            awaitBlockedBeforeTracing(shell.pid());
            try (SyscallTracer tracer = SyscallTracer.start(shell.pid(), Duration.ofMillis(200), events::add)) {
                InflightCall early = awaitRead(tracer, true);
                assertThat(early.beganBeforeTracing()).isTrue();

                send(shell, "first");
                InflightCall seen = awaitRead(tracer, false);
                Thread.sleep(400);
                InflightCall later = tracer.inflight().stream().filter(c -> c.tid() == seen.tid() && !c.beganBeforeTracing())
                    .findFirst().orElseThrow(() -> new AssertionError("the second read is no longer in flight"));
                assertThat(later.startNanos()).isEqualTo(seen.startNanos());
                assertThat(later.elapsedNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos());

                send(shell, "second");
                assertThat(shell.awaitExit(Duration.ofSeconds(10))).isZero();
                tracer.poll(Duration.ofMillis(500));
                assertThat(events).anySatisfy(e -> {
                    assertThat(e.name()).isEqualTo("read");
                    assertThat(e.startNanos()).isEqualTo(seen.startNanos());
                    assertThat(e.durationNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos());
                });
            }
        }
    }

    private static void awaitBlockedBeforeTracing(long pid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String syscall = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "syscall"));
            if (syscall.startsWith("0 ")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the shell did not block in read");
    }

    private static InflightCall awaitRead(SyscallTracer tracer, boolean beganBeforeTracing) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<InflightCall> read = tracer.inflight().stream()
                .filter(c -> c.name().equals("read") && c.beganBeforeTracing() == beganBeforeTracing).findFirst();
            if (read.isPresent()) {
                return read.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no read in flight (began before tracing: " + beganBeforeTracing + "): " + tracer.inflight());
    }

    private static void send(ChildProcess shell, String line) throws Exception {
        OutputStream in = shell.process().getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }
}
