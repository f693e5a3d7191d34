package dev.hotscope.tests.usdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ForkedTarget;
import dev.hotscope.tests.support.TracingAssumptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** bpftrace, attached to a forked JVM, sees exactly the values it fired: every type, both probe sites. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FiredValuesTest {
    @BeforeEach
    void requireBpftrace() {
        TracingAssumptions.requireBpftrace();
    }

    @Test
    void bpftraceSeesEveryFiredValueOnTheDefaultSite() throws InterruptedException {
        try (ForkedTarget target = ForkedTarget.start(List.of(), "values")) {
            SeenValues.assertExactlyTheFiredValues(ValuesTrace.fireAndTrace(target));
        }
    }

    @ParameterizedTest(name = "site {0}")
    @ValueSource(strings = {"nop1", "nop5"})
    void bpftraceSeesEveryFiredValueOnEachSite(String site) throws InterruptedException {
        try (ForkedTarget target = ForkedTarget.start(List.of("-Dhotscope.usdt.site=" + site), "values")) {
            assertThat(target.request("site")).as("the site the provider chose").isEqualTo("SITE " + site);
            SeenValues.assertExactlyTheFiredValues(ValuesTrace.fireAndTrace(target));
        }
    }
}
