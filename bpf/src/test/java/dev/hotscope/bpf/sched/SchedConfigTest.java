package dev.hotscope.bpf.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedConfigTest {
    @Test
    void defaultsCaptureUserStacksOfWaitsAndKernelStacksOfBlocks() {
        SchedConfig d = SchedConfig.defaults();
        assertThat(d.userStacks()).containsExactlyInAnyOrder(OffCpuReason.SLEEPING, OffCpuReason.BLOCKED);
        assertThat(d.kernelStacks()).containsExactly(OffCpuReason.BLOCKED);
        assertThat(d.minOffCpu()).isEqualTo(Duration.ofMillis(1));
        assertThat(d.minRunQueue()).isEqualTo(Duration.ofMillis(1));
        assertThat(d.userStackFrames()).isEqualTo(SchedConfig.MAX_USER_FRAMES);
        assertThat(SchedConfig.bits(d.userStacks())).isEqualTo(0b110);
        assertThat(SchedConfig.bits(d.kernelStacks())).isEqualTo(0b100);
    }

    @Test
    void withersCopyAndLeaveTheOriginalAlone() {
        EnumSet<OffCpuReason> reasons = EnumSet.of(OffCpuReason.PREEMPTED);
        SchedConfig c = SchedConfig.defaults().withUserStacks(reasons).withMinOffCpu(Duration.ZERO).withUserStackFrames(8)
            .withMaxThreads(16).withMinRunQueue(Duration.ofMillis(5)).withKernelStacks(Set.of());
        reasons.add(OffCpuReason.BLOCKED);
        assertThat(c.userStacks()).containsExactly(OffCpuReason.PREEMPTED);
        assertThat(c.kernelStacks()).isEmpty();
        assertThat(SchedConfig.bits(c.userStacks())).isEqualTo(0b001);
        assertThat(c.userStackFrames()).isEqualTo(8);
        assertThat(c.maxThreads()).isEqualTo(16);
        assertThat(c.minRunQueue()).isEqualTo(Duration.ofMillis(5));
        assertThat(c).isNotEqualTo(SchedConfig.defaults()).isEqualTo(SchedConfig.defaults().withUserStacks(Set.of(OffCpuReason.PREEMPTED))
            .withMinOffCpu(Duration.ZERO).withUserStackFrames(8).withMaxThreads(16).withMinRunQueue(Duration.ofMillis(5))
            .withKernelStacks(Set.of()));
        assertThat(SchedConfig.defaults().userStacks()).containsExactlyInAnyOrder(OffCpuReason.SLEEPING, OffCpuReason.BLOCKED);
        assertThatThrownBy(() -> c.userStacks().add(OffCpuReason.BLOCKED)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsWhatTheProgramCannotDo() {
        SchedConfig d = SchedConfig.defaults();
        assertThatThrownBy(() -> d.withUserStackFrames(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withUserStackFrames(SchedConfig.MAX_USER_FRAMES + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxThreads(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMinOffCpu(Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMinRunQueue(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> d.withUserStacks(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void offCpuEventKeepsItsStacksToItself() {
        long[] user = {1, 2, 3};
        OffCpuEvent e = new OffCpuEvent(7, 100, 50, OffCpuReason.SLEEPING, 10, 0, 0, 1, user, new long[0], 0, 0);
        user[0] = 99;
        e.userStack()[1] = 99;
        assertThat(e.userStack()).containsExactly(1, 2, 3);
        assertThat(e.userStackDepth()).isEqualTo(3);
        assertThat(e.endNanos()).isEqualTo(150);
        assertThat(e.waitNanos()).isEqualTo(40);
        assertThat(e).isEqualTo(new OffCpuEvent(7, 100, 50, OffCpuReason.SLEEPING, 10, 0, 0, 1, new long[] {1, 2, 3},
            new long[0], 0, 0));
        assertThatThrownBy(() -> new OffCpuEvent(7, 100, 50, null, 10, 0, 0, 1, user, user, 0, 0))
            .isInstanceOf(NullPointerException.class);
    }

    @Test
    void budgetsAreUnlimitedByDefaultAndSetApart() {
        SchedConfig d = SchedConfig.defaults();
        assertThat(d.offCpuBudget().isUnlimited()).isTrue();
        assertThat(d.runQueueBudget().isUnlimited()).isTrue();
        SchedConfig c = d.withOffCpuBudget(dev.hotscope.bpf.EventBudget.perSecond(10))
            .withRunQueueBudget(dev.hotscope.bpf.EventBudget.perSecond(20)).withMaxThreads(8);
        assertThat(c.offCpuBudget().perSecond()).isEqualTo(10);
        assertThat(c.runQueueBudget().perSecond()).isEqualTo(20);
        assertThat(c.maxThreads()).isEqualTo(8);
        assertThat(c).isNotEqualTo(d.withMaxThreads(8)).hasToString(c.toString());
        assertThat(c.toString()).contains("offCpuBudget=10/s", "runQueueBudget=20/s");
        assertThat(c.withUserStackFrames(4).offCpuBudget()).isEqualTo(c.offCpuBudget());
    }
}
