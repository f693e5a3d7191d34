package dev.hotscope.tests.usdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ForkedTarget;
import dev.hotscope.tests.support.JavaLaunchers;
import dev.hotscope.tests.support.TracingAssumptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The same classes (built for Java 17) fire the same values on JDK 25. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FiredValuesOnJdk25Test {
    @Test
    void bpftraceSeesEveryFiredValueOnJdk25() throws InterruptedException {
        TracingAssumptions.requireBpftrace();
        TracingAssumptions.requireJava(JavaLaunchers.JDK_25, "JDK 25");
        try (ForkedTarget target = ForkedTarget.start(JavaLaunchers.JDK_25, List.of(), "values")) {
            assertThat(target.request("java")).as("the target's Java release").isEqualTo("JAVA 25");
            SeenValues.assertExactlyTheFiredValues(ValuesTrace.fireAndTrace(target));
        }
    }
}
