package dev.hotscope.bpf.locks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Futex op names and wait classification, and config checks: no kernel needed. */
class FutexOpsTest {
    @Test
    void opsAreNamedWithTheirFlags() {
        assertThat(FutexOps.name(0x189)).isEqualTo("FUTEX_WAIT_BITSET|FUTEX_PRIVATE_FLAG|FUTEX_CLOCK_REALTIME");
        assertThat(FutexOps.name(0x80)).isEqualTo("FUTEX_WAIT|FUTEX_PRIVATE_FLAG");
        assertThat(FutexOps.name(13)).isEqualTo("FUTEX_LOCK_PI2");
        assertThat(FutexOps.name(99)).isEqualTo("FUTEX_OP_99");
        assertThat(FutexOps.name(FutexOps.WAITV)).isEqualTo("FUTEX_WAITV");
    }

    @Test
    void onlyBlockingCommandsAreWaits() {
        assertThat(List.of(0, 0x80, 0x189, 6, 11, 13, FutexOps.WAITV)).allMatch(FutexOps::isWait);
        assertThat(List.of(1, 0x81, 3, 4, 5, 7, 8, 10, 12, 99, -1)).noneMatch(FutexOps::isWait);
        assertThat(FutexOps.command(0x189)).isEqualTo(9);
    }

    @Test
    void configRejectsNegativeThresholds() {
        assertThatThrownBy(() -> LockConfig.defaults().withMinWait(Duration.ofNanos(-1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LockConfig(null, true)).isInstanceOf(NullPointerException.class);
        assertThat(LockConfig.defaults().withMinWait(Duration.ZERO).withMonitorProbes(false))
            .isEqualTo(new LockConfig(Duration.ZERO, false));
    }
}
