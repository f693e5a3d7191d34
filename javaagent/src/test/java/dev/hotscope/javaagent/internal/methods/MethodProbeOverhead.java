package dev.hotscope.javaagent.internal.methods;

import com.acme.bench.Calls;
import java.time.Duration;
import java.util.List;

/**
 * A quick harness, not a test (bench/ has no dependency on the agent module yet): nanoseconds per
 * call of a trivial method, unprobed and probed in each mode, nobody tracing. Run with the test
 * class path: {@code java -cp … dev.hotscope.javaagent.internal.methods.MethodProbeOverhead}.
 */
public final class MethodProbeOverhead {
    private static final int CALLS = 20_000_000;
    private static final int ROUNDS = 7;
    private static int sink;

    private MethodProbeOverhead() {}

    public static void main(String[] args) {
        List<MethodPattern> patterns = List.of(MethodPattern.parse("com.acme.bench.Calls#probed"));
        report("not probed", MethodProbeOverhead::plain);
        try (MethodProbes probes = MethodProbes.install(Instrumentations.get(), patterns, null, Duration.ZERO)) {
            report("probed, no listener, timeline off", MethodProbeOverhead::probed);
            probes.timeline().setRecording(true);
            report("probed, no listener, timeline on", MethodProbeOverhead::probed);
        }
        MethodSpanListener quiet = (id, method, start, end) -> sink++;
        try (MethodProbes probes = MethodProbes.install(Instrumentations.get(), patterns, quiet, Duration.ofSeconds(1))) {
            report("probed, listener (threshold 1 s), timeline off", MethodProbeOverhead::probed);
            probes.timeline().setRecording(true);
            report("probed, listener (threshold 1 s), timeline on", MethodProbeOverhead::probed);
        }
        System.out.println("(sink " + sink + ")");
    }

    private static void report(String what, Runnable loop) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            loop.run();
            best = Math.min(best, (System.nanoTime() - start) / (double) CALLS);
        }
        System.out.printf("%-50s %6.1f ns/call (best of %d x %d calls)%n", what, best, ROUNDS, CALLS);
    }

    private static void plain() {
        int s = 0;
        for (int i = 0; i < CALLS; i++) {
            s += Calls.plain(i);
        }
        sink += s;
    }

    private static void probed() {
        int s = 0;
        for (int i = 0; i < CALLS; i++) {
            s += Calls.probed(i);
        }
        sink += s;
    }
}
