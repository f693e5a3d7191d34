package dev.hotscope.tests.usdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.Bpftrace;
import dev.hotscope.tests.support.BpftraceMaps;
import dev.hotscope.tests.support.ForkedTarget;
import dev.hotscope.tests.support.TracedFiring;
import dev.hotscope.tests.support.TracingAssumptions;
import dev.hotscope.tests.support.UsdtScript;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Four threads firing at once while traced: bpftrace counts every fire, per thread, none lost or doubled. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConcurrentFiringTest {
    private static final int THREADS = 4;
    private static final int FIRES_PER_THREAD = 25_000;

    @Test
    void everyFireFromEveryThreadIsCountedExactlyOnce() throws InterruptedException {
        TracingAssumptions.requireBpftrace();
        try (ForkedTarget target = ForkedTarget.start(List.of(), "threads", Integer.toString(FIRES_PER_THREAD))) {
            String script = UsdtScript.on(target.backingFile(), "hsthreads")
                .probe("hit", "@by_tid[tid] = count(); @by_thread_number[arg0] = count(); @total = count();")
                .withSyncAndExitOnDone()
                .build();
            List<String> report;
            BpftraceMaps seen;
            try (Bpftrace bpftrace = Bpftrace.attach(target, script)) {
                report = TracedFiring.fireWhenAttached(target, bpftrace, List.of("hit"));
                seen = bpftrace.awaitExit();
            }
            assertThat(report).as("the target's report").hasSize(1);
            assertThat(report.get(0)).startsWith("TIDS ");
            List<String> tids = Arrays.asList(report.get(0).substring("TIDS ".length()).split(" "));
            assertThat(tids).as("firing threads").hasSize(THREADS).doesNotHaveDuplicates();

            String each = Integer.toString(FIRES_PER_THREAD);
            assertThat(seen.scalar("@total")).as("all fires").contains(Integer.toString(THREADS * FIRES_PER_THREAD));
            assertThat(seen.keyed("@by_tid")).as("fires per kernel thread id").isEqualTo(eachKeyMapsTo(tids, each));
            assertThat(seen.keyed("@by_thread_number")).as("fires per thread number argument")
                .isEqualTo(eachKeyMapsTo(List.of("0", "1", "2", "3"), each));
        }
    }

    private static Map<String, String> eachKeyMapsTo(List<String> keys, String value) {
        Map<String, String> expected = new LinkedHashMap<>();
        keys.forEach(key -> expected.put(key, value));
        return expected;
    }
}
