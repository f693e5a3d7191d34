package dev.hotscope.bench.bpf;

import dev.hotscope.bpf.BpfObject;
import dev.hotscope.bpf.TestPrograms;
import dev.hotscope.bpf.syscalls.SyscallCounters;
import dev.hotscope.bpf.syscalls.SyscallTracer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link SyscallTracer} adds to every system call of the process it traces: a tight loop of
 * {@code getppid()} (one of the cheapest syscalls; through jnr-ffi, as Java code would make it)
 * with and without the tracer attached to this JVM.
 *
 * <p>Target: at most 100 ns more per traced call than with no tracer. Each mode runs in its own
 * fork; bench/run-bpf.sh repeats the modes in turn (off, traced, off, traced, ...) so drift of a
 * shared machine hits all of them alike, and reports the medians and their differences.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SyscallCostBenchmark {
    /*
     * Lessons 7-11, the modes:
     *
     * Lesson 7, "off": no tracer; the syscall plus the jnr-ffi call. Every
     * other mode is read as a difference to this.
     *
     * Lesson 8, "other": a tracer attached to another process (an idle
     * child, sleep(1), started for the purpose). The
     * raw_syscalls tracepoints fire for every syscall of the machine, so this
     * is what tracing one process costs every other process: two programs
     * that compare the tgid and return.
     *
     * Lesson 9, "rawtp": instead of the tracer, syscallfloor.bpf.c's two
     * raw tracepoint programs doing the same tgid compare for the child: the
     * floor the same filter would cost as raw tracepoints, which get the
     * tracepoint's arguments directly instead of a trace record built
     * first. The gap to "other" is what the program type costs.
     *
     * Lesson 10, "traced": the tracer attached to this JVM with a one-hour
     * threshold, so no record is sent: the in-flight map update at entry,
     * the lookup, histogram update and delete at exit. The number the 100 ns
     * target is about.
     *
     * Lesson 11, "records": threshold zero, so every call also sends a record
     * with its stacks (see syscalls.bpf.c), which a thread of this JVM polls
     * and decodes. The worst case, for scale.
     */
    @Param({"off", "other", "rawtp", "traced", "records"})
    String mode;

    BenchNative.LibC libc;
    SyscallTracer tracer;
    BpfObject floor;
    Thread poller;
    Process other;
    volatile boolean polling;
    long events;

    @Setup(Level.Trial)
    public void attach() throws Exception {
        libc = BenchNative.libc();
        long self = ProcessHandle.current().pid();
        switch (mode) {
            case "off":
                break;
            case "other":
                BenchNative.requireRoot();
                tracer = SyscallTracer.start(otherProcess(), Duration.ofHours(1), e -> events++);
                break;
            case "rawtp":
                BenchNative.requireRoot();
                floor = BpfObject.openResource(TestPrograms.SYSCALLFLOOR);
                floor.rodata().order(ByteOrder.nativeOrder()).putInt(0, (int) otherProcess()); // tgid: not us
                floor.load();
                floor.program("floor_enter").attachRawTracepoint("sys_enter");
                floor.program("floor_exit").attachRawTracepoint("sys_exit");
                break;
            case "traced":
                BenchNative.requireRoot();
                tracer = SyscallTracer.start(self, Duration.ofHours(1), e -> events++);
                break;
            case "records":
                BenchNative.requireRoot();
                tracer = SyscallTracer.start(self, Duration.ZERO, e -> events++);
                polling = true;
                poller = new Thread(() -> {
                    while (polling) {
                        tracer.poll(Duration.ofMillis(10));
                    }
                }, "syscall-tracer-poller");
                poller.setDaemon(true);
                poller.start();
                break;
            default:
                throw new IllegalArgumentException("mode " + mode);
        }
    }

    /** An idle process to point a tracer at that is not this one. */
    private long otherProcess() throws Exception {
        other = new ProcessBuilder("sleep", "86400").redirectErrorStream(true).start();
        return other.pid();
    }

    @Benchmark
    public int getppid() {
        return libc.getppid();
    }

    @TearDown(Level.Trial)
    public void detach() throws Exception {
        if (poller != null) {
            polling = false;
            poller.join();
        }
        if (tracer != null) {
            SyscallCounters counters = tracer.counters();
            // Read by bench/run-bpf.sh.
            System.out.println("[syscall-bench] mode=" + mode + " sent=" + counters.sent() + " dropped=" + counters.dropped()
                + " decoded=" + events + " inflightFull=" + counters.inflightFull());
            tracer.close();
        }
        if (floor != null) {
            floor.close();
        }
        if (other != null) {
            other.destroy();
            other.waitFor();
        }
    }
}

/*
 * How to run: sudo bench/run-bpf.sh interleaves the modes. By hand, as root:
 *   java -jar bench/target/benchmarks.jar SyscallCostBenchmark -p mode=off,traced
 */
