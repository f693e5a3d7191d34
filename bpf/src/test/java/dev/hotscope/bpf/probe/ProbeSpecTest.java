package dev.hotscope.bpf.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What a {@link ProbeSpec} accepts and refuses, without the kernel. */
class ProbeSpecTest {
    @Test
    void withersReturnChangedCopies() {
        ProbeSpec base = ProbeSpec.uprobe("libc", "read");
        ProbeSpec changed = base.pid(42).returns().minDurationNanos(1000).argFilter(0, ProbeSpec.Op.GT, 3)
            .tids(Set.of(43L)).userStack(true);
        assertThat(base.pid()).isEqualTo(-1);
        assertThat(base.isPaired()).isFalse();
        assertThat(changed.isPaired()).isTrue();
        assertThat(changed.argFilters()).containsExactly(new ProbeSpec.ArgFilter(0, ProbeSpec.Op.GT, 3));
        assertThat(changed).hasToString("uprobe libc:read (+return), pid 42, 1 tids, >= 1000 ns, arg0 > 3, stacks user");
        assertThat(ProbeSpec.usdt("hotspot", "gc__begin").until(ProbeSpec.usdt("hotspot", "gc__end")).end().name())
            .isEqualTo("gc__end");
    }

    @Test
    void refusesWhatCannotBeTraced() {
        assertThatThrownBy(() -> ProbeSpec.tracepoint("sched", "sched_switch").returns())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("until(...)");
        assertThatThrownBy(() -> ProbeSpec.uprobe("libc", "read").returns().until(ProbeSpec.uprobe("libc", "write")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be combined");
        assertThatThrownBy(() -> ProbeSpec.uprobe("libc", "read").fields("x"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tracepoints");
        assertThatThrownBy(() -> ProbeSpec.tracepoint("sched", "sched_switch").fields())
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProbeSpec.tracepoint(" ", "x")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("blank");
        assertThatThrownBy(() -> ProbeSpec.usdt(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ProbeSpec.uprobe("libc", "read").pid(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProbeSpec.uprobe("libc", "read").minDurationNanos(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProbeSpec.uprobe("libc", "read").argFilter(6, ProbeSpec.Op.EQ, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..5");
        ProbeSpec four = ProbeSpec.uprobe("libc", "read");
        for (int i = 0; i < ProbeSpec.MAX_ARG_FILTERS; i++) {
            four = four.argFilter(i, ProbeSpec.Op.NE, i);
        }
        ProbeSpec full = four;
        assertThatThrownBy(() -> full.argFilter(0, ProbeSpec.Op.EQ, 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at most 4");
        Set<Long> many = new HashSet<>();
        LongStream.rangeClosed(1, ProbeSpec.MAX_TIDS + 1).forEach(many::add);
        assertThatThrownBy(() -> ProbeSpec.uprobe("libc", "read").tids(many)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at most 1024");
        assertThatThrownBy(() -> ProbeSpec.uprobe("libc", "read").library("x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opsCompareSigned() {
        assertThat(ProbeSpec.Op.LT.test(-1, 0)).isTrue();
        assertThat(ProbeSpec.Op.GE.test(0, 0)).isTrue();
        assertThat(ProbeSpec.Op.GT.test(0, 0)).isFalse();
        assertThat(ProbeSpec.Op.NE.symbol()).isEqualTo("!=");
    }
}
