package dev.hotscope.usdt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelFeaturesTest {
    private static final int[] V6_18 = {6, 18};

    @Test
    void releaseComparisonReadsMajorAndMinor() {
        assertThat(KernelFeatures.releaseAtLeast("6.18.44-fc-v595", V6_18)).isTrue();
        assertThat(KernelFeatures.releaseAtLeast("6.18", V6_18)).isTrue();
        assertThat(KernelFeatures.releaseAtLeast("6.19.0", V6_18)).isTrue();
        assertThat(KernelFeatures.releaseAtLeast("7.0.1", V6_18)).isTrue();
        assertThat(KernelFeatures.releaseAtLeast("6.17.9", V6_18)).isFalse();
        assertThat(KernelFeatures.releaseAtLeast("6.1.0-28-amd64", V6_18)).isFalse();
        assertThat(KernelFeatures.releaseAtLeast("5.19.0", V6_18)).isFalse();
        assertThat(KernelFeatures.releaseAtLeast("", V6_18)).isFalse();
    }
}
