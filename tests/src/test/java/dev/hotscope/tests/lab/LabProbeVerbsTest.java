package dev.hotscope.tests.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.TracingAssumptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.TestInstance;

/**
 * The lab's generic probes (usdt, uprobe, tracepoint) and its bpftrace escape hatch, typed as snippets into
 * a session on a {@link LabWorkload}: counts equal to what a command did, durations of calls the workload
 * blocks in, tracepoint fields decoded by name, bpftrace's maps as Java values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabProbeVerbsTest {
    /** The workload's FIFO and fsync file; JUnit removes it after the class. */
    @TempDir
    static Path dir;
    private LabTarget workload;
    private LabSession lab;

    @BeforeAll
    void startWorkloadAndLab() throws Exception {
        TracingAssumptions.requireRoot();
        workload = LabTarget.start(dir);
        lab = LabSession.open(OptionalLong.of(workload.pid()));
    }

    @AfterAll
    void stop() throws Exception {
        if (lab != null) {
            lab.close();
        }
        if (workload != null) {
            workload.close();
        }
    }

    @Test
    void usdtGcBeginFiresOncePerSystemGcAndThePairTimesEachCollection() throws Exception {
        CompletableFuture<LabSession.Result> begins = lab.startTracing("var begins = usdt(\"hotspot:gc__begin\").take(s(20))");
        LabTarget.Window first = workload.run("gc 3");
        Thread.sleep(400);
        lab.stop();
        LabSession.await(begins).require();
        lab.value("var mine = begins.where(" + first.contains() + ")");
        assertThat(lab.number("mine.size()")).as(lab.value("begins")).isEqualTo(3);
        lab.check("mine.stream().allMatch(e -> e.name().equals(\"gc__begin\") && e.arg(0) == 1)"); // full: System.gc()

        CompletableFuture<LabSession.Result> pairs = lab.startTracing(
            "var pairs = usdt(\"hotspot:gc__begin\", \"hotspot:gc__end\").take(s(20))");
        LabTarget.Window second = workload.run("gc 4");
        Thread.sleep(400);
        lab.stop();
        LabSession.await(pairs).require();
        lab.value("var timed = pairs.where(" + second.contains() + ")");
        assertThat(lab.number("timed.size()")).as(lab.value("pairs")).isEqualTo(4);
        lab.check("timed.stream().allMatch(e -> e.durationNanos() > 0 && e.durationNanos() < "
            + (second.to() - second.from()) + "L)");
        lab.check("timed.stream().allMatch(e -> e.startNanos() + e.durationNanos() <= " + second.to() + "L)");
    }

    @Test
    void uprobeTimesTheReadersLibcReadsWithTheirArguments() {
        assertThat(lab.value("uprobe(\"libc:read\").argNames()")).startsWith("[arg0, arg1, arg2");
        lab.value("var reads = uprobe(\"libc:read\").thread(\"lab-reader\").take(s(1))");
        assertThat(lab.number("reads.size()")).as(lab.value("reads")).isGreaterThanOrEqualTo(10);
        lab.check("reads.stream().allMatch(e -> e.name().equals(\"read\") && e.thread().equals(\"lab-reader\"))");
        lab.durationsMostlyWithin("reads", 15, 100); // lab-writer writes a byte every 20 ms
        lab.check("reads.stream().allMatch(e -> e.arg(2) == 1)"); // FileInputStream.read(): one byte
        lab.value("var oneByte = uprobe(\"libc:read\").thread(\"lab-reader\").field(\"arg2\", n -> n == 1)"
            + ".minDuration(ms(5)).stacks().take(s(1))");
        assertThat(lab.number("oneByte.size()")).isGreaterThanOrEqualTo(10);
        assertThat(lab.value("oneByte.topStacks(1).column(\"stack\").get(0)"))
            .contains("dev.hotscope.tests.lab.LabWorkload.readOnce");
        assertThat(lab.value("oneByte.log2().toText()")).contains("usecs");
    }

    @Test
    void uprobeCountsEachFsyncCall() throws Exception {
        CompletableFuture<LabSession.Result> running = lab.startTracing(
            "var fsyncs = uprobe(\"libc:fsync\").thread(\"lab-commands\").take(s(20))");
        LabTarget.Window w = workload.run("fsync 5");
        Thread.sleep(400);
        lab.stop();
        LabSession.await(running).require();
        assertThat(lab.number("fsyncs.where(" + w.contains() + ").size()")).as(lab.value("fsyncs")).isEqualTo(5);
        assertThat(lab.number("fsyncs.stream().mapToLong(e -> e.arg(0)).distinct().count()"))
            .as("one file descriptor").isEqualTo(1);
    }

    @Test
    void tracepointFieldsAreNamedArguments() {
        long sleeper = workload.tid("lab-sleeper");
        lab.value("var names = tracepoint(\"sched:sched_switch\").argNames()");
        lab.check("names.containsAll(List.of(\"prev_pid\", \"next_pid\", \"prev_state\"))");
        lab.value("var switches = tracepoint(\"sched:sched_switch\").thread(\"lab-sleeper\").take(s(1))");
        assertThat(lab.number("switches.size()")).isGreaterThanOrEqualTo(10);
        // The thread switching out is the one that fires the tracepoint.
        lab.check("switches.stream().allMatch(e -> e.arg(names.indexOf(\"prev_pid\")) == e.tid())");
        lab.value("var bySleeper = tracepoint(\"sched:sched_switch\").field(\"prev_pid\", p -> p == " + sleeper + ").take(s(1))");
        assertThat(lab.number("bySleeper.size()")).isGreaterThanOrEqualTo(10);
        lab.check("bySleeper.stream().allMatch(e -> e.tid() == " + sleeper + " && e.thread().equals(\"lab-sleeper\"))");
        lab.value("var reads = tracepoint(\"syscalls:sys_enter_read\", \"syscalls:sys_exit_read\").thread(\"lab-reader\").take(s(1))");
        assertThat(lab.number("reads.size()")).isGreaterThanOrEqualTo(10);
        lab.durationsMostlyWithin("reads", 15, 100);
    }

    @Test
    void bpftraceReturnsItsMapsAsJavaValues() throws Exception {
        TracingAssumptions.requireBpftrace();
        LabSession.Result ticks = lab.eval("var ticks = bpftrace(\"BEGIN { @i = 0; printf(\\\"hello\\\\n\\\"); }"
            + " interval:ms:50 { @i = @i + 1; if (@i == 4) { exit(); } }\")");
        ticks.require();
        assertThat(lab.number("ticks.scalar(\"@i\")")).isEqualTo(4);
        assertThat(lab.value("ticks.printed()")).isEqualTo("[hello]");
        assertThat(lab.number("ticks.exitCode()")).isZero();

        CompletableFuture<LabSession.Result> running = lab.start("var bt = bpftrace(\"tracepoint:syscalls:sys_enter_fsync"
            + " /pid == $1/ { @n = count(); @by[comm] = count(); @fd = hist(args->fd); }\", s(30))");
        long bpftrace = awaitBpftrace(running);
        LabSession.awaitAttachments(bpftrace, 0, running);
        LabTarget.Window w = workload.run("fsync 5");
        Thread.sleep(300);
        lab.stop();
        LabSession.await(running).require();
        assertThat(lab.number("bt.scalar(\"@n\")")).as(lab.value("bt")).isEqualTo(5);
        assertThat(lab.value("bt.keyed(\"@by\")")).isEqualTo("{lab-commands=5}");
        assertThat(lab.number("bt.hist(\"@fd\").total()")).isEqualTo(5);
        assertThat(lab.value("bt.map(\"@by\") instanceof Map")).isEqualTo("true");
        assertThat(w.to()).isGreaterThan(w.from());
    }

    /** Waits for the lab's bpftrace child to start, and returns its pid. */
    private static long awaitBpftrace(CompletableFuture<?> running) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !running.isDone()) {
            var found = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/bpftrace")).orElse(false)).findFirst();
            if (found.isPresent()) {
                return found.get().pid();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the lab started no bpftrace within 30 s (or the snippet ended: " + running + ")");
    }
}
