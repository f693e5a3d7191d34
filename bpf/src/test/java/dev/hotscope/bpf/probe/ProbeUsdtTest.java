package dev.hotscope.bpf.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.bpf.BpfAssumptions;
import dev.hotscope.bpf.threads.ForkedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HotSpot's {@code gc__begin}/{@code gc__end} USDT probes paired by {@link ProbeTracer} in forked
 * JVMs. These probes fire without {@code -XX:+ExtendedDTraceProbes} (which only enables the method,
 * allocation and monitor probes): the child runs without it.
 */
class ProbeUsdtTest {
    private static final int GCS = 4;

    @BeforeEach
    void bpf() {
        BpfAssumptions.assumeBpf();
    }

    @Test
    void gcBeginUntilGcEndGivesOnePausePerSystemGcOnJdk17() throws Exception {
        pauses(ForkedProcess.JDK17);
    }

    @Test
    void gcBeginUntilGcEndGivesOnePausePerSystemGcOnJdk25() throws Exception {
        pauses(ForkedProcess.JDK25);
    }

    private static void pauses(Path jdk) throws Exception {
        BpfAssumptions.assumeThat(ForkedProcess.installed(jdk), jdk + " is not installed");
        List<ProbeHit> hits = new ArrayList<>();
        try (ForkedProcess jvm = ForkedProcess.java(jdk, GcCaller.class, "-XX:+UseG1GC", "-Xmx64m")) {
            assertThat(jvm.readLine(Duration.ofSeconds(30))).isEqualTo("READY");
            try (ProbeTracer tracer = ProbeTracer.start(ProbeSpec.usdt("hotspot", "gc__begin")
                .until(ProbeSpec.usdt("hotspot", "gc__end")).pid(jvm.pid()).userStack(true), hits::add)) {
                assertThat(tracer.argNames()).containsExactly("arg0");
                assertThat(tracer.describe()).contains("usdt hotspot:gc__begin in ", "libjvm.so", ".. usdt hotspot:gc__end",
                    "pid " + jvm.pid());
                jvm.send("gc " + GCS);
                jvm.readUntil("DONE", Duration.ofSeconds(60));
                ProbeTracerTest.drain(tracer, hits, GCS);
                assertThat(hits).hasSize(GCS).allSatisfy(h -> {
                    assertThat(h.pid()).isEqualTo(jvm.pid());
                    assertThat(h.arg(0) & 0xff).as("gc__begin(full): System.gc() is a full GC").isEqualTo(1);
                    assertThat(h.durationNanos()).isPositive().isLessThan(Duration.ofSeconds(5).toNanos());
                    assertThat(h.comm()).isEqualTo("VM Thread");
                    assertThat(h.userStack()).as("user stack at gc__end").isNotEmpty();
                });
                assertThat(tracer.counters()).isEqualTo(new ProbeCounters(GCS, GCS, 0, 0, 0));
            }
        }
    }
}
