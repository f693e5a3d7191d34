package dev.hotscope.usdt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrnoTest {
    @Test
    void namesKnownValuesAndNumbersUnknownOnes() {
        assertThat(Errno.describe(13)).isEqualTo("EACCES (13)");
        assertThat(Errno.describe(-1)).isEqualTo("EPERM (1)");
        assertThat(Errno.name(524)).isEqualTo("ENOTSUPP");
        assertThat(Errno.name(4095)).isEqualTo("errno 4095");
    }
}
