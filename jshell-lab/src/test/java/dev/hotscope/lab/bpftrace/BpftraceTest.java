package dev.hotscope.lab.bpftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs real bpftrace scripts against the kernel, as root. */
class BpftraceTest {
    /** Never reached when things work: a cap so that a broken run fails instead of hanging. */
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final int CALLS = 25;

    @BeforeEach
    void requireBpftrace() {
        BpftraceAssumptions.requireBpftrace();
    }

    @Test
    void countsAChildsGetpidCallsByCommAsAScalarAndInAHistogram() throws Exception {
        Process child = getpidCaller(CALLS);
        try {
            String script = "BEGIN { printf(\"ready\\n\"); }"
                + " tracepoint:syscalls:sys_enter_getpid /pid == $1/ {"
                + " @calls[comm] = count(); @n = count(); @spread = hist(nsecs & 0xffff); }";
            List<String> live = new ArrayList<>();

            // With -p, bpftrace ends when the child does, after its getpid calls.
            BpftraceResult r = Bpftrace.run(script, OptionalLong.of(child.pid()), LIMIT, line -> {
                live.add(line);
                if (line.equals("ready")) {
                    send(child, "go\n");
                }
            });

            assertThat(r.keyed("@calls")).containsExactly(entry("perl", (long) CALLS));
            assertThat(r.scalar("n")).isEqualTo(CALLS);
            assertThat(r.hist("spread").total()).isEqualTo(CALLS);
            assertThat(r.hist("spread").log2()).isTrue();
            assertThat(r.exitCode()).isZero();
            assertThat(r.lost()).isZero();
            assertThat(r.printed()).containsExactly("ready");
            assertThat(live).isEqualTo(r.printed());
            assertThat(r.toText()).contains("@calls[perl]: " + CALLS, "@n: " + CALLS, "@spread: " + CALLS + " events");
            assertThat(r.toHtml()).contains("<svg", "perl");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aSyntaxErrorIsOneLineWithItsPosition() {
        assertThatThrownBy(() -> Bpftrace.run("BEGIN { @x = count() ", OptionalLong.empty(), LIMIT, line -> {}))
            .isInstanceOf(BpftraceException.class)
            .hasMessageContaining("line 1, column 22")
            .hasMessageContaining("syntax error")
            .hasMessageNotContaining("\n")
            .satisfies(e -> assertThat(((BpftraceException) e).exitCode()).isEqualTo(1));
    }

    @Test
    void aProbeThatMatchesNothingIsRefusedInOneLine() {
        assertThatThrownBy(() -> Bpftrace.run("uprobe:/bin/sh:no_such_symbol_here { @ = count(); }",
                OptionalLong.empty(), LIMIT, line -> {}))
            .isInstanceOf(BpftraceException.class)
            .hasMessageStartingWith("bpftrace found no probes to attach")
            .hasMessageNotContaining("\n");
    }

    @Test
    void printedLinesAreJoinedSplitAndDecoded() {
        String script = "BEGIN { printf(\"a %d\\n\", 1); printf(\"no newline \"); printf(\"end\\n\");"
            + " printf(\"caf\\xc3\\xa9\\n\"); exit(); }";
        List<String> live = new ArrayList<>();

        BpftraceResult r = Bpftrace.run(script, OptionalLong.empty(), LIMIT, live::add);

        assertThat(r.printed()).containsExactly("a 1", "no newline end", "café");
        assertThat(live).isEqualTo(r.printed());
    }

    @Test
    void aScriptThatCallsExitEndsWithItsMapsAndExitCodeZero() {
        BpftraceResult r = Bpftrace.run("BEGIN { @x = 42; @s = \"text\"; exit(); }", OptionalLong.empty(), LIMIT,
            line -> {});

        assertThat(r.exitCode()).isZero();
        assertThat(r.scalar("@x")).isEqualTo(42);
        assertThat(r.map("s")).isEqualTo("text");
        assertThat(r.errors()).as("the RLIMIT_MEMLOCK complaint is noise").isEmpty();
        assertThatThrownBy(() -> r.map("nope")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("no map @nope in this run; its maps are @s, @x");
        assertThatThrownBy(() -> r.keyed("x")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("map @x holds a number, not numbers by key; use scalar(\"@x\")");
    }

    @Test
    void theLimitStopsAScriptLikeCtrlCAndKeepsItsMaps() {
        BpftraceResult r = Bpftrace.run("BEGIN { @started = 1; }", OptionalLong.empty(), Duration.ofSeconds(2),
            line -> {});

        assertThat(r.scalar("started")).isEqualTo(1);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void interruptingTheCallerReturnsTheMapsSoFarAndKeepsTheInterrupt() throws Exception {
        CountDownLatch ready = new CountDownLatch(1);
        AtomicReference<BpftraceResult> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                result.set(Bpftrace.run("BEGIN { @started = 1; printf(\"ready\\n\"); }"
                        + " tracepoint:syscalls:sys_enter_getpid { @getpid = count(); }",
                    OptionalLong.empty(), Duration.ofMinutes(10), line -> ready.countDown()));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "bpftrace caller");
        caller.start();
        try {
            assertThat(ready.await(LIMIT.toSeconds(), TimeUnit.SECONDS)).as("bpftrace printed ready").isTrue();

            caller.interrupt();
            caller.join(TimeUnit.SECONDS.toMillis(15));

            assertThat(caller.isAlive()).as("returned within 15 s of the interrupt").isFalse();
            assertThat(failure.get()).isNull();
            assertThat(result.get().scalar("started")).isEqualTo(1);
            assertThat(result.get().maps()).containsKey("@getpid");
            assertThat(stillInterrupted).isTrue();
        } finally {
            caller.interrupt();
            caller.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    @Test
    void aFailingLiveConsumerStopsBpftraceAndPropagates() {
        assertThatThrownBy(() -> Bpftrace.run("BEGIN { printf(\"ready\\n\"); }", OptionalLong.empty(), LIMIT, line -> {
            throw new IllegalStateException("consumer broke");
        })).isInstanceOf(IllegalStateException.class).hasMessage("consumer broke");

        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
            .map(p -> p.info().command().orElse("")).filter(c -> c.endsWith("bpftrace")))
            .as("no bpftrace left running").isEmpty();
    }

    /** A perl process that calls getpid exactly {@code n} times (perl itself calls it never) after a line on stdin. */
    private static Process getpidCaller(int n) throws IOException {
        String arch = System.getProperty("os.arch");
        int getpid = arch.equals("amd64") || arch.equals("x86_64") ? 39 : arch.equals("aarch64") ? 172 : -1;
        Assumptions.assumeTrue(getpid > 0, "no getpid syscall number known for " + arch);
        return new ProcessBuilder("perl", "-e", "my $go = <STDIN>; syscall(" + getpid + ") for 1.." + n + ";")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void send(Process child, String text) {
        try {
            OutputStream in = child.getOutputStream();
            in.write(text.getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
