package dev.hotscope.tests.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.TracingAssumptions;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The lab's verbs over the bpf module's tracers, typed as snippets into a JShell session (the lab's engine
 * and startup, {@code --pid} of a {@link LabWorkload}), with each result checked against what the workload
 * did: its thread names, exact counts of what a command did, durations it slept or blocked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabVerbsTest {
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
    @Order(1)
    void startupAttachesTheWorkloadAndSelfSwitchesToTheLab() {
        assertThat(lab.number("target().pid()")).isEqualTo(workload.pid());
        lab.check("target().isJvm()");
        // A JVM's command shows without its options: the main class is what tells JVMs apart.
        assertThat(lab.value("target().command()")).contains("java dev.hotscope.tests.lab.LabWorkload")
            .doesNotContain("-XX:+PreserveFramePointer");
        assertThat(lab.number("self().pid()")).isEqualTo(ProcessHandle.current().pid());
        assertThat(lab.number("target().pid()")).isEqualTo(ProcessHandle.current().pid());
        assertThat(lab.value("attach(" + workload.pid() + ")")).startsWith("pid " + workload.pid() + " (");
        assertThat(lab.number("target().pid()")).isEqualTo(workload.pid());
    }

    @Test
    @Order(2)
    void syscallsSeeTheReadersBlockingReadsWithTheirResult() {
        lab.value("var reads = syscalls().thread(\"lab-reader\").take(s(2))");
        assertThat(lab.number("reads.size()")).as(lab.value("reads")).isGreaterThanOrEqualTo(10);
        lab.check("reads.stream().allMatch(e -> e.name().equals(\"read\") && e.thread().equals(\"lab-reader\"))");
        // Each read waits for lab-writer's next byte, written every 20 ms.
        lab.durationsMostlyWithin("reads", 15, 100);
        assertThat(lab.value("syscalls().argNames()")).isEqualTo("[result]");
        // FileInputStream.read() reads one byte at a time: result 1, field and arg filters agree.
        lab.check("reads.stream().allMatch(e -> e.arg(0) == 1)");
        lab.value("var ones = syscalls().thread(\"lab-reader\").field(\"result\", r -> r == 1).take(s(1))");
        assertThat(lab.number("ones.size()")).isPositive();
        lab.value("var others = syscalls().thread(\"lab-reader\").arg(0, r -> r != 1).take(s(1))");
        assertThat(lab.number("others.size()")).isZero();
    }

    @Test
    @Order(3)
    void syscallsCountEveryFsyncOfACommand() throws Exception {
        CompletableFuture<LabSession.Result> running = lab.startTracing(
            // Below 1 ms, the default; not much lower: every slow call copies 16 KiB of stack into the ring buffer.
            "var fsyncs = syscalls().thread(\"lab-commands\").minDuration(Duration.ofNanos(50_000))"
                + ".where(e -> e.name().equals(\"fsync\")).take(s(20))");
        LabTarget.Window w = workload.run("fsync 5");
        Thread.sleep(400);
        lab.stop();
        LabSession.Result taken = LabSession.await(running);
        taken.require();
        assertThat(taken.printed()).contains("hotscope: stopped by Ctrl-C; kept ");
        assertThat(lab.number("fsyncs.where(" + w.contains() + ").size()")).as(lab.value("fsyncs")).isEqualTo(5);
        lab.check("fsyncs.stream().allMatch(e -> e.durationNanos() > 0 && e.durationNanos() < " + (w.to() - w.from()) + "L)");
    }

    @Test
    @Order(4)
    void stacksNameTheWorkloadsMethodsInTopStacksAndTheFlameGraph() {
        lab.value("var reads = syscalls().thread(\"lab-reader\").stacks().take(s(1))");
        assertThat(lab.number("reads.size()")).isPositive();
        assertThat(lab.value("reads.topStacks(3).column(\"stack\").get(0)")).contains("dev.hotscope.tests.lab.LabWorkload.readOnce");
        assertThat(lab.value("reads.flame().toText()")).contains("dev.hotscope.tests.lab.LabWorkload.readOnce;")
            .contains(";[k] ");
        lab.check("reads.stream().allMatch(e -> e.stack().stream().anyMatch(f -> f.startsWith(\"[k] \")))");
    }

    @Test
    @Order(5)
    void gcSeesEachSystemGcAsAFullPauseOfTheVmThread() throws Exception {
        CompletableFuture<LabSession.Result> running = lab.startTracing("var pauses = gc().take(s(20))");
        LabTarget.Window w = workload.run("gc 3");
        Thread.sleep(400);
        lab.stop();
        LabSession.await(running).require();
        lab.value("var mine = pauses.where(" + w.contains() + ")");
        assertThat(lab.number("mine.size()")).as(lab.value("pauses")).isEqualTo(3);
        lab.check("mine.stream().allMatch(e -> e.name().equals(\"full pause\") && e.durationNanos() > 0)");
        assertThat(lab.value("mine.get(0).thread()")).isEqualTo("\"VM Thread\"");
        assertThat(lab.value("gc().argNames()")).contains("gcCpuNanos");
    }

    @Test
    @Order(6)
    void locksSeeTheContendedMonitorAndTheReentrantLockWokenByItsHolder() {
        long holder = workload.tid("lab-rlock-holder");
        lab.value("var waits = locks().take(s(2))");
        assertThat(lab.value("waits.countBy(Event::name)"))
            .contains("monitor " + LabWorkload.Contended.class.getName());
        lab.check("waits.stream().anyMatch(e -> e.thread().equals(\"lab-monitor-waiter\")"
            + " && e.name().startsWith(\"monitor \"))");
        lab.check("waits.stream().anyMatch(e -> e.thread().equals(\"lab-rlock-waiter\")"
            + " && e.name().equals(\"futex wait\") && e.arg(0) == " + holder + ")");
        lab.check("waits.stream().allMatch(e -> e.durationNanos() >= 1_000_000)");
    }

    @Test
    @Order(7)
    void offcpuSeesTheSleeperSleepingWithItsStack() {
        lab.value("var naps = offcpu().thread(\"lab-sleeper\").stacks().take(s(1))");
        assertThat(lab.number("naps.size()")).isGreaterThanOrEqualTo(10);
        // Mostly sleeping: on a loaded 2-CPU machine the sleeper is also preempted now and then.
        lab.check("naps.stream().filter(e -> e.name().equals(\"sleeping\")).count() * 4 >= naps.size() * 3");
        lab.durationsMostlyWithin("naps", 15, 100); // it sleeps 20 ms at a time
        lab.value("var flame = naps.flame()");
        assertThat(lab.value("flame.toText()")).contains("LabWorkload.sleepOnce");
        assertThat(lab.value("flame.toHtml()")).contains("<svg");
    }

    @Test
    @Order(8)
    void runqSeesTheSpinnersWaitingForACpu() throws Exception {
        CompletableFuture<LabSession.Result> running = lab.startTracing(
            "var waits = runq().thread(\"lab-spin-\\\\d+\").take(s(20))");
        workload.run("spin 800");
        Thread.sleep(400);
        lab.stop();
        LabSession.await(running).require();
        assertThat(lab.number("waits.size()")).isPositive();
        lab.check("waits.stream().allMatch(e -> e.name().equals(\"wakeup\") || e.name().equals(\"preempted\"))");
        lab.check("waits.stream().allMatch(e -> e.durationNanos() >= 100_000)");
        assertThat(lab.number("waits.byThread().rows().size()")).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(9)
    void aggregationsAgreeWithTheEvents() {
        lab.value("var ev = syscalls().thread(\"lab-(reader|sleeper)\").take(s(1))");
        long n = lab.number("ev.count()");
        assertThat(n).isPositive();
        assertThat(lab.number("ev.size()")).isEqualTo(n);
        assertThat(lab.value("ev.countBy(Event::thread).column(\"key\")")).contains("lab-reader");
        assertThat(lab.number("(long) ev.sumBy(Event::name, Event::durationNanos).column(\"sum\").stream()"
            + ".mapToLong(x -> ((Number) x).longValue()).sum()")).isEqualTo(lab.number("ev.sum(Event::durationNanos)"));
        assertThat(lab.number("ev.log2().total()")).isEqualTo(n);
        lab.value("var lin = ev.linear(\"ms\", Event::durationMillis, 0, 100, 10)");
        assertThat(lab.number("lin.total()")).isEqualTo(n);
        // Reads wait for a byte written every 20 ms: most of them end in one of these buckets.
        assertThat(lab.value("lin.toText()")).containsAnyOf("[10, 20)", "[20, 30)");
        assertThat(lab.value("ev.top(1, Event::thread).rows().get(0).get(0)")).isIn("\"lab-reader\"", "\"lab-sleeper\"");
        assertThat(lab.value("ev.top(2, Event::name, Event::durationNanos).columns()")).contains("sum");
        assertThat(lab.value("ev.topStacks(3).columns()")).isEqualTo("[stack, total, count]");
        assertThat(lab.value("ev.byThread().column(\"thread\")")).contains("lab-reader");
        assertThat(lab.number("ev.flame().total()")).isEqualTo(lab.number("ev.sum(Event::durationNanos)"));
        assertThat(lab.value("syscalls().thread(\"lab-reader\").hist(ms(500)).unit()")).isEqualTo("\"usecs\"");
        assertThat(lab.value("syscalls().thread(\"lab-reader\").count(ms(500))")).contains("read");
    }

    @Test
    @Order(10)
    void outputsPrintTextHtmlAndSvg() {
        lab.value("var ev = syscalls().thread(\"lab-reader\").take(ms(500))");
        LabSession.Result printed = lab.eval("ev.print()");
        assertThat(printed.printed()).isEqualTo(lab.value("ev.toText()").replaceAll("^\"|\"$", "")
            .translateEscapes());
        assertThat(printed.printed()).contains("lab-reader").contains("read");
        assertThat(lab.value("ev")).contains("lab-reader");
        assertThat(lab.value("ev.log2().toHtml()")).contains("<svg");
        assertThat(lab.value("ev.countBy(Event::name).toHtml()")).contains("<table");
        assertThat(lab.value("ev.flame().toSvg()")).startsWith("\"<").contains("<svg");
        assertThat(lab.value("ev.toHtml()")).contains("<table");
    }

    @Test
    @Order(11)
    void watchWithALimitRefreshesAndReturnsTheLastView() {
        LabSession.Result watched = lab.eval("var last = syscalls().thread(\"lab-reader\").watch(ms(300), Events::count, s(2))");
        watched.require();
        assertThat(watched.printed().split("watching syscalls of pid " + workload.pid(), -1).length - 1)
            .as(watched.printed()).isGreaterThanOrEqualTo(3);
        assertThat(lab.number("last")).isGreaterThanOrEqualTo(20);
    }

    @Test
    @Order(12)
    void ctrlCEndsAWatchAndTheSessionGoesOn() throws Exception {
        CompletableFuture<LabSession.Result> running = lab.startTracing(
            "var table = syscalls().thread(\"lab-reader\").watch(ms(200))");
        Thread.sleep(1000);
        lab.stop();
        LabSession.Result stopped = LabSession.await(running);
        stopped.require();
        assertThat(stopped.printed()).contains("hotscope: stopped by Ctrl-C");
        // watch(Duration) is declared to return Object, though it is always a Table
        assertThat(lab.value("((Table) table).column(\"key\")")).isEqualTo("[read]");
        assertThat(lab.value("1 + 1")).isEqualTo("2");
        assertThat(LabSession.attachments(ProcessHandle.current().pid())).as("the tracer was closed").isZero();
    }

    @Test
    @Order(13)
    void injectLoadsTheAgentIntoTheWorkloadAndDetachWritesItsRecording() {
        Path file = dir.resolve("injected.jfr");
        String status = lab.value("inject(\"probe=" + LabWorkload.class.getName() + "#fsyncOnce,file=" + file + "\")");
        assertThat(status).startsWith("\"hotscope attach: pid " + workload.pid() + ": ");
        assertThat(lab.value("target().detach()")).startsWith("\"hotscope detach: pid " + workload.pid() + ": ");
        assertThat(file).isRegularFile();
    }
}
