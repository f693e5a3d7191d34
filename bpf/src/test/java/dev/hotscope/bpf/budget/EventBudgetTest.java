package dev.hotscope.bpf.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotscope.bpf.EventBudget;
import org.junit.jupiter.api.Test;

class EventBudgetTest {
    @Test
    void quotaIsTheRateTimesTheKernelsWindowRounded() {
        assertThat(EventBudget.WINDOW_NANOS).isEqualTo(134_217_728L);
        assertThat(EventBudget.perSecond(100).perWindow()).isEqualTo(13);        // 13.42
        assertThat(EventBudget.perSecond(1000).perWindow()).isEqualTo(134);      // 134.2
        assertThat(EventBudget.perSecond(20_000).perWindow()).isEqualTo(2684);   // 2684.4
        assertThat(EventBudget.perSecond(1000).effectivePerSecond()).isBetween(998.0, 999.0);
    }

    @Test
    void aSmallBudgetStillSendsOneRecordPerWindow() {
        assertThat(EventBudget.perSecond(1).perWindow()).isEqualTo(1);
        assertThat(EventBudget.perSecond(Long.MAX_VALUE).perWindow()).isPositive();
    }

    @Test
    void unlimitedIsZeroForTheKernel() {
        assertThat(EventBudget.unlimited().perWindow()).isZero();
        assertThat(EventBudget.unlimited().isUnlimited()).isTrue();
        assertThat(EventBudget.unlimited()).hasToString("unlimited");
        assertThat(EventBudget.perSecond(500)).hasToString("500/s");
    }

    @Test
    void badRatesSayWhatIsAccepted() {
        assertThatThrownBy(() -> EventBudget.perSecond(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least 1").hasMessageContaining("unlimited()");
        assertThatThrownBy(() -> new EventBudget(-1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("0 (unlimited) or more");
    }
}
