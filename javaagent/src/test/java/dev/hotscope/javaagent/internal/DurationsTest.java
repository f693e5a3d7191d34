package dev.hotscope.javaagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesEveryUnit() {
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(Durations.parse("7ns")).isEqualTo(Duration.ofNanos(7));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse(" 1.5H ")).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void rejectsWithWhatIsAccepted() {
        for (String bad : new String[] {"10", "s", "10x", "-5s", "", "1..2s"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + bad + "' is not a duration: use " + Durations.ACCEPTED);
        }
    }

    @Test
    void formatsForPeople() {
        assertThat(Durations.format(812)).isEqualTo("812 ns");
        assertThat(Durations.format(3_200)).isEqualTo("3.2 us");
        assertThat(Durations.format(50_100_000)).isEqualTo("50.1 ms");
        assertThat(Durations.format(5_000_000_000L)).isEqualTo("5.00 s");
    }
}
