package dev.hotscope.javaagent.internal.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProfilerModeTest {
    @Test
    void optionsNameTheModesInAnyCase() {
        assertThat(ProfilerMode.parse("cpu")).isEqualTo(ProfilerMode.CPU);
        assertThat(ProfilerMode.parse(" WALL ")).isEqualTo(ProfilerMode.WALL);
        assertThat(ProfilerMode.parse("Alloc")).isEqualTo(ProfilerMode.ALLOC);
        assertThat(ProfilerMode.parse("lock")).isEqualTo(ProfilerMode.LOCK);
        for (ProfilerMode mode : ProfilerMode.values()) {
            assertThat(ProfilerMode.parse(mode.option())).isEqualTo(mode);
        }
    }

    @Test
    void anythingElseNamesWhatIsAccepted() {
        assertThatThrownBy(() -> ProfilerMode.parse("itimer"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("unknown profiler mode 'itimer': accepted are cpu, wall, alloc or lock");
        assertThatThrownBy(() -> ProfilerMode.parse("")).hasMessageContaining("accepted are cpu, wall, alloc or lock");
    }

    @Test
    void eachModeStartsItsEventWithAnExplicitInterval() {
        assertThat(ProfilerMode.CPU.arguments()).isEqualTo("event=cpu,interval=10ms");
        assertThat(ProfilerMode.WALL.arguments()).isEqualTo("event=wall,interval=50ms");
        assertThat(ProfilerMode.ALLOC.arguments()).isEqualTo("event=alloc,alloc=512k");
        assertThat(ProfilerMode.LOCK.arguments()).isEqualTo("event=lock,lock=10us");
    }
}
