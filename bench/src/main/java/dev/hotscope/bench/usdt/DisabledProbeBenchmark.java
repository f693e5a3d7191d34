package dev.hotscope.bench.usdt;

import dev.hotscope.usdt.ArgType;
import dev.hotscope.usdt.Probe;
import dev.hotscope.usdt.Provider;
import dev.hotscope.usdt.Usdt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a probe costs when nobody is tracing: the price every user pays all the time.
 *
 * <p>Target: the guarded fire is at most 1 ns/op, i.e. indistinguishable from the baselines.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DisabledProbeBenchmark {

    /*
     * Fields, not constants: the JIT must not fold the arguments away, or the
     * baselines would measure less work than the probe call sites do.
     */
    long i = 42;
    String s = "GET /";

    Provider provider;
    Probe probe;

    @Setup(Level.Trial)
    public void load() throws Exception {
        provider = Usdt.provider("bench");
        probe = provider.probe("tick", ArgType.INT64, ArgType.STRING);
        provider.load();
        // A tracer left attached from elsewhere would silently turn this into the enabled case.
        if (probe.isEnabled()) {
            throw new IllegalStateException("bench:tick is enabled: detach tracers from "
                    + provider.path() + " before measuring the disabled case");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        if (provider != null) {
            provider.close();
        }
    }

    /*
     * Lesson 1: the floor. An empty method that the JIT inlines costs nothing,
     * so this is JMH's own loop overhead; nothing below it can be measured.
     */
    @Benchmark
    public void baseline() {
        emptyInlined(i, s);
    }

    /*
     * Lesson 2: a real call. DONT_INLINE forces call/ret plus argument
     * passing, the cheapest thing a "tracing hook" that is not inlined can be.
     */
    @Benchmark
    public void baselineCall() {
        emptyCall(i, s);
    }

    /*
     * Lesson 3: the idiom users should write. isEnabled() is one 2-byte load
     * of the semaphore; with no tracer it is 0, the branch is never taken and
     * fire() is never reached. Expect the same number as lesson 1.
     */
    @Benchmark
    public void guardedFire() {
        if (probe.isEnabled()) {
            probe.fire(i, s);
        }
    }

    /*
     * Lesson 4: what happens without the guard. Whatever fire() does to reach
     * the probe site (argument marshalling, a native call) is paid even though
     * the nop at the site does nothing. Compare with lesson 3.
     */
    @Benchmark
    public void unguardedFire() {
        probe.fire(i, s);
    }

    private static void emptyInlined(long i, String s) {
        // intentionally empty
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static void emptyCall(long i, String s) {
        // intentionally empty
    }
}
