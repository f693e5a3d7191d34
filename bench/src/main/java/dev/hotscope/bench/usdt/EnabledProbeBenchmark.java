package dev.hotscope.bench.usdt;

import dev.hotscope.usdt.ArgType;
import dev.hotscope.usdt.Probe;
import dev.hotscope.usdt.ProbeSite;
import dev.hotscope.usdt.Provider;
import dev.hotscope.usdt.Usdt;
import java.util.Map;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What a probe costs while bpftrace is attached and counting its hits: the kernel's uprobe
 * round trip plus whatever the Java side adds to reach the probe site.
 *
 * <p>Must run as root with bpftrace on the PATH (or {@code BPFTRACE=/path/to/bpftrace}). Compare
 * with the C {@code sdt_loop} run by {@code bench/run-usdt.sh}, which measures the same thing for
 * a native sys/sdt.h probe.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class EnabledProbeBenchmark {

    /*
     * Lesson 5: the probe site instruction. NOP1 is the classic one-byte nop
     * that the kernel turns into int3, so every hit is a trap. NOP5 is the
     * five-byte nop that kernels with optimized x86 uprobes can rewrite into
     * a call to a trampoline, making each hit a cheaper syscall instead.
     * On kernels without that, both should cost the same.
     */
    @Param({"NOP1", "NOP5"})
    String site;

    long i = 42;
    String s = "GET /";

    Provider provider;
    Probe tick;
    Probe tickLong;
    Bpftrace tracer;

    /* Hits this JVM made, checked against what bpftrace counted. Costs one
     * increment, noise next to a uprobe hit. */
    long firedTick;
    long firedTickLong;

    @Setup(Level.Trial)
    public void attach() throws Exception {
        Bpftrace.requireRoot();
        provider = Usdt.provider("bench");
        provider.site(ProbeSite.valueOf(site));
        tick = provider.probe("tick", ArgType.INT64, ArgType.STRING);
        tickLong = provider.probe("tick_l", ArgType.INT64);
        provider.load();
        String path = provider.path().toString();
        // One program for both probes: each benchmark method fires only its own.
        String script = "usdt:" + path + ":bench:tick { @tick = count(); } "
                + "usdt:" + path + ":bench:tick_l { @tick_l = count(); }";
        tracer = Bpftrace.attach(ProcessHandle.current().pid(), script,
                () -> tick.isEnabled() && tickLong.isEnabled());
    }

    @TearDown(Level.Trial)
    public void detach(BenchmarkParams params) throws Exception {
        try {
            if (tracer != null) {
                Map<String, Long> counts = tracer.stop();
                // run-usdt.sh greps this line for its count check; warmup hits are in both numbers.
                String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
                System.out.printf("[usdt-bench] %s site=%s bpftrace tick=%d tick_l=%d fired tick=%d tick_l=%d%n",
                        method, site, counts.getOrDefault("tick", 0L), counts.getOrDefault("tick_l", 0L),
                        firedTick, firedTickLong);
            }
        } finally {
            if (provider != null) {
                provider.close();
            }
        }
    }

    /*
     * Lesson 6: one integer argument, the cheapest possible payload.
     * Guarded like real code and like the C loop, so the three are comparable.
     */
    @Benchmark
    public void fireLong() {
        if (tickLong.isEnabled()) {
            tickLong.fire(i);
            firedTickLong++;
        }
    }

    /*
     * Lesson 7: a String as well. The tracer here does not read it, so the
     * difference to lesson 6 is what fire() pays to hand the string over.
     */
    @Benchmark
    public void fireLongString() {
        if (tick.isEnabled()) {
            tick.fire(i, s);
            firedTick++;
        }
    }

}
