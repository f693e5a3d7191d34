package dev.hotscope.tests.usdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.Bpftrace;
import dev.hotscope.tests.support.BpftraceMaps;
import dev.hotscope.tests.support.ForkedTarget;
import dev.hotscope.tests.support.ProbeState;
import dev.hotscope.tests.support.TracingAssumptions;
import dev.hotscope.tests.support.UsdtScript;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A probe's semaphore, as the target reads it with {@code semaphoreValue()}, is up while any tracer
 * is attached and back to 0 once the last one exits; untraced probes stay at 0.
 *
 * <p>bpftrace lets the kernel keep the semaphore (a uprobe's reference counter), which the kernel
 * raises once per process when it first plants the breakpoint, not once per tracer: two bpftraces
 * on the same probe read as 1, not 2. So the test asserts "up", not a count of tracers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SemaphoreFollowsTracersTest {
    private static final String PROBE = "request__start";

    @Test
    void semaphoreIsUpWhileAnyTracerIsAttachedAndZeroAfterTheLastExits() throws InterruptedException {
        TracingAssumptions.requireBpftrace();
        try (ForkedTarget target = ForkedTarget.start(List.of(), "values")) {
            assertThat(target.state(PROBE)).as("before tracing").isEqualTo(new ProbeState(false, 0));
            String script = UsdtScript.on(target.backingFile(), ValuesTrace.PROVIDER)
                .probe(PROBE, "@starts = count();").withSync().build();

            try (Bpftrace first = Bpftrace.attach(target, script)) {
                target.awaitEnabled(List.of(PROBE, UsdtScript.SYNC));
                assertThat(target.state(PROBE)).as("one tracer attached").isEqualTo(new ProbeState(true, 1));
                assertThat(target.state("ints")).as("a probe nobody traces").isEqualTo(new ProbeState(false, 0));

                try (Bpftrace second = Bpftrace.attach(target, script)) {
                    target.startSync();
                    first.awaitLine(line -> line.startsWith(UsdtScript.SYNC_LINE_PREFIX), "a sync event");
                    second.awaitLine(line -> line.startsWith(UsdtScript.SYNC_LINE_PREFIX), "a sync event");
                    target.fire();
                    assertThat(target.state(PROBE)).as("two tracers attached").satisfies(state -> {
                        assertThat(state.enabled()).isTrue();
                        assertThat(state.semaphore()).isPositive();
                    });
                    BpftraceMaps seenBySecond = second.stop();
                    assertThat(seenBySecond.scalar("@starts")).as("the second tracer saw the fire; %s", seenBySecond)
                        .contains("1");
                }
                assertThat(target.state(PROBE)).as("after the second tracer exited, the first still attached")
                    .satisfies(state -> {
                        assertThat(state.enabled()).isTrue();
                        assertThat(state.semaphore()).isPositive();
                    });
                BpftraceMaps seenByFirst = first.stop();
                assertThat(seenByFirst.scalar("@starts")).as("the first tracer saw the fire; %s", seenByFirst)
                    .contains("1");
            }
            assertThat(target.awaitSemaphore(PROBE, 0)).as("after both tracers exited").isEqualTo(0);
            assertThat(target.state(PROBE)).as("after tracing").isEqualTo(new ProbeState(false, 0));
        }
    }
}
