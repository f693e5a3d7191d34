package dev.hotscope.javaagent.internal.profiler;

import java.util.Locale;

/** What async-profiler samples, as chosen by {@code profiler=MODE}. */
public enum ProfilerMode {
    /** CPU time: perf_events where the kernel allows it, else async-profiler's ctimer; every 10 ms of CPU. */
    CPU("event=cpu,interval=10ms", "jdk.ExecutionSample"),
    /** Wall-clock time of every thread, running or not, every 50 ms. */
    WALL("event=wall,interval=50ms", "profiler.WallClockSample"),
    /** Heap allocations, one sample per 512 KiB allocated by a thread. */
    ALLOC("event=alloc,alloc=512k", "jdk.ObjectAllocationInNewTLAB"),
    /** Contended monitors and parks, sampled by 10 us of waiting. */
    LOCK("event=lock,lock=10us", "jdk.JavaMonitorEnter");

    /** What an error message lists as accepted. */
    public static final String ACCEPTED = "cpu, wall, alloc or lock";

    private final String arguments;
    private final String sampleEvent;

    ProfilerMode(String arguments, String sampleEvent) {
        this.arguments = arguments;
        this.sampleEvent = sampleEvent;
    }

    /**
     * The mode named by an option value.
     *
     * @param text {@code cpu}, {@code wall}, {@code alloc} or {@code lock}, any case; not null
     * @return the mode; never null
     * @throws IllegalArgumentException one line naming the value and what is accepted
     */
    public static ProfilerMode parse(String text) {
        for (ProfilerMode mode : values()) {
            if (mode.option().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown profiler mode '" + text + "': accepted are " + ACCEPTED);
    }

    /** The option's text, e.g. {@code wall}; never null. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** async-profiler's arguments for this mode, e.g. {@code event=cpu,interval=10ms}; never null. */
    public String arguments() {
        return arguments;
    }

    /** The JFR event type async-profiler writes its samples as in this mode; never null. */
    public String sampleEvent() {
        return sampleEvent;
    }
}
