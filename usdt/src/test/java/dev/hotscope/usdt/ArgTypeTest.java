package dev.hotscope.usdt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArgTypeTest {
    @Test
    void narrowingBehavesLikeACCast() {
        assertThat(ArgType.INT8.narrow(-5)).isEqualTo(-5);
        assertThat(ArgType.INT8.narrow(200)).isEqualTo(-56);
        assertThat(ArgType.UINT8.narrow(300)).isEqualTo(44);
        assertThat(ArgType.UINT8.narrow(-1)).isEqualTo(255);
        assertThat(ArgType.INT16.narrow(40000)).isEqualTo(-25536);
        assertThat(ArgType.UINT16.narrow(-1)).isEqualTo(65535);
        assertThat(ArgType.INT32.narrow(1L << 31)).isEqualTo(Integer.MIN_VALUE);
        assertThat(ArgType.UINT32.narrow(-1)).isEqualTo(4294967295L);
        assertThat(ArgType.INT64.narrow(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(ArgType.UINT64.narrow(-1)).isEqualTo(-1);
        assertThat(ArgType.BOOLEAN.narrow(7)).isEqualTo(1);
        assertThat(ArgType.BOOLEAN.narrow(0)).isEqualTo(0);
    }

    @Test
    void sdtSizesCarryWidthAndSign() {
        assertThat(ArgType.INT8.sdtSize()).isEqualTo(-1);
        assertThat(ArgType.UINT32.sdtSize()).isEqualTo(4);
        assertThat(ArgType.INT64.sdtSize()).isEqualTo(-8);
        assertThat(ArgType.STRING.sdtSize()).isEqualTo(8);
        assertThat(ArgType.STRING.isInteger()).isFalse();
    }
}
