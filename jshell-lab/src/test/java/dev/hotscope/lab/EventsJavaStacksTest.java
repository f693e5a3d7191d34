package dev.hotscope.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventsJavaStacksTest {
    private static Event waited(long nanos, String... frames) {
        return new Event("locks", "futex wait", 0, nanos, 7, "worker-1", new long[0], List.of(frames), null);
    }

    @Test
    void javaStacksKeepOnlyJavaFramesSoDifferentNativePathsGroupTogether() {
        Events ev = new Events("t", List.of(
            waited(5, "[k] futex_wait", "libc.so.6:__futex_abstimed_wait_common", "libjvm.so:Parker::park",
                "jdk.internal.misc.Unsafe.park", "com.acme.Orders.place", "[codecache] StubRoutines (1)"),
            waited(7, "libc.so.6:pthread_cond_wait@@GLIBC_2.3.2", "jdk.internal.misc.Unsafe.park",
                "com.acme.Orders.place", "[interpreter]")), 2);
        Events java = ev.javaStacks();
        assertThat(java.get(0).stack()).containsExactly("jdk.internal.misc.Unsafe.park", "com.acme.Orders.place");
        assertThat(java.get(1).stack()).containsExactly("jdk.internal.misc.Unsafe.park", "com.acme.Orders.place",
            "[interpreter]");
        assertThat(java.lost()).isEqualTo(2);
        assertThat(ev.topStacks(5).rows()).hasSize(2);
        assertThat(java.topStacks(5).rows()).hasSize(2); // the interpreter frame still tells them apart
        assertThat(java.where(e -> e.stack().size() == 2).topStacks(5).rows().get(0).get(0))
            .isEqualTo(List.of("jdk.internal.misc.Unsafe.park", "com.acme.Orders.place"));
    }
}
