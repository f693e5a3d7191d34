package dev.hotscope.bpf.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class GcConfigTest {
    @Test
    void defaultsUseUsdtAndHotSpotGcThreadNames() {
        assertThat(GcConfig.defaults().forcedUprobes()).isFalse();
        assertThat(GcConfig.defaults().gcThreadPrefixes()).contains("GC Thread", "VM Thread", "G1 ");
        assertThat(GcConfig.defaults().withForcedUprobes(true).forcedUprobes()).isTrue();
        assertThat(GcConfig.defaults().withForcedUprobes(false)).isEqualTo(GcConfig.defaults());
    }

    @Test
    void prefixesMustFitTheKernelsComparison() {
        GcConfig config = GcConfig.defaults().withGcThreadPrefixes(List.of("GC Thread", "123456789012345"));
        assertThat(config.gcThreadPrefixes()).containsExactly("GC Thread", "123456789012345");
        assertThatThrownBy(() -> GcConfig.defaults().withGcThreadPrefixes(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GcConfig.defaults().withGcThreadPrefixes(Collections.nCopies(9, "GC")))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GcConfig.defaults().withGcThreadPrefixes(List.of("")))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GcConfig.defaults().withGcThreadPrefixes(List.of("1234567890123456")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15");
        assertThatThrownBy(() -> GcConfig.defaults().withGcThreadPrefixes(List.of("GC Thrëad")))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GcConfig.defaults().withGcThreadPrefixes(null)).isInstanceOf(NullPointerException.class);
    }
}
