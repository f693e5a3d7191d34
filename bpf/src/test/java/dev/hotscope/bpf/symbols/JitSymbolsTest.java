package dev.hotscope.bpf.symbols;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The perf map refresh cadence, on a clock the test moves; the JVM is not asked (no jcmd runs). */
class JitSymbolsTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long SELF = ProcessHandle.current().pid();

    private final AtomicLong now = new AtomicLong(5 * SECOND);
    private final JitSymbols jit = new JitSymbols(SELF, false, now::get);

    @Test
    void missesRefreshAtMostOnceASecondWhileRefreshesHelp() {
        assertThat(jit.refresh()).isTrue();
        jit.refreshHelped(true);

        advance(SECOND - 1);
        assertThat(jit.refresh()).isFalse();
        advance(1);
        assertThat(jit.refresh()).isTrue();
    }

    /** An address no map names (freed code) must not have the JVM write its map every second. */
    @Test
    void refreshesThatDoNotHelpBackOffToSixteenSecondsAndOneThatHelpsResets() {
        long[] waits = new long[7];
        assertThat(jit.refresh()).isTrue();
        for (int i = 0; i < waits.length; i++) {
            jit.refreshHelped(false);
            waits[i] = secondsUntilTheNextRefresh();
        }

        assertThat(waits).containsExactly(2, 4, 8, 16, 16, 16, 16);
        jit.refreshHelped(true);
        assertThat(secondsUntilTheNextRefresh()).isEqualTo(1);
    }

    @Test
    void aForcedRefreshIgnoresTheBackOff() {
        assertThat(jit.refresh()).isTrue();
        jit.refreshHelped(false);
        jit.refreshHelped(false);

        advance(SECOND);
        assertThat(jit.refresh()).isFalse();
        assertThat(jit.refresh(true)).isTrue();
    }

    /** Moves the clock a second at a time until a miss may refresh again; that refresh is made. */
    private long secondsUntilTheNextRefresh() {
        for (long s = 1; s <= 60; s++) {
            advance(SECOND);
            if (jit.refresh()) {
                return s;
            }
        }
        throw new AssertionError("no refresh within a minute");
    }

    private void advance(long nanos) {
        now.addAndGet(nanos);
    }
}
