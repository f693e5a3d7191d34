package dev.hotscope.javaagent.internal;

import java.time.Duration;
import java.util.Locale;

/** The kinds of events the agent can collect, with their option names and default thresholds. */
public enum Feature {
    /** Syscalls slower than the threshold. */
    SYSCALL(Duration.ofMillis(20), true),
    /** GC pauses and safepoints; no threshold. */
    GC(Duration.ZERO, false),
    /** Futex waits and contended monitors. */
    LOCK(Duration.ofMillis(20), true),
    /** Off-CPU intervals by reason. */
    OFFCPU(Duration.ofMillis(20), true),
    /** Run-queue latency. */
    RUNQ(Duration.ofMillis(10), true);

    private final Duration defaultThreshold;
    private final boolean takesThreshold;

    Feature(Duration defaultThreshold, boolean takesThreshold) {
        this.defaultThreshold = defaultThreshold;
        this.takesThreshold = takesThreshold;
    }

    /** The option's name, e.g. {@code offcpu}. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The threshold used when the option gives none. */
    public Duration defaultThreshold() {
        return defaultThreshold;
    }

    /** Whether {@code NAME=MIN} is accepted. */
    public boolean takesThreshold() {
        return takesThreshold;
    }
}
