package dev.hotscope.lab.bpftrace;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Refusals that come before bpftrace is started, so they need neither root nor bpftrace. */
class BpftraceArgumentsTest {
    private static final Duration LIMIT = Duration.ofSeconds(5);

    @Test
    void anEmptyScriptIsRefused() {
        assertThatThrownBy(() -> Bpftrace.run("  \n", OptionalLong.empty(), LIMIT, line -> {}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("the script is empty; pass a bpftrace program");
    }

    @Test
    void aPidThatIsNotRunningIsRefused() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();

        assertThatThrownBy(() -> Bpftrace.run("BEGIN { exit(); }", OptionalLong.of(gone.pid()), LIMIT, line -> {}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("process " + gone.pid() + " is not running;");
    }

    @Test
    void aLimitThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> Bpftrace.run("BEGIN { exit(); }", OptionalLong.empty(), Duration.ZERO, line -> {}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("limit must be positive");
    }
}
