package dev.hotscope.jfr.events;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.Event;
import jdk.jfr.Name;

/**
 * Which of hotscope's event types the agent writes in its own chunk of a recording file, on the
 * thread each is about, and which it leaves to JFR's in-process commit. The agent and the report
 * both go by these lists.
 */
public final class HotscopeEvents {
    /** Written by the agent with their real interval, thread and stack; their in-process copies are only for other recordings. */
    public static final List<Class<? extends Event>> WRITTEN_BY_AGENT = List.of(SyscallLatencyEvent.class,
        LockWaitEvent.class, OffCpuEvent.class, RunQueueLatencyEvent.class, GcPauseEvent.class, SafepointEvent.class,
        LatencyHistogramEvent.class, AgentStatusEvent.class, LostEventsEvent.class);
    /** Kept as committed: a span's own thread and stack are right; a profile's stacks are in a field. */
    public static final List<Class<? extends Event>> IN_PROCESS = List.of(MethodSpanEvent.class, OffCpuStackEvent.class);

    private HotscopeEvents() {
    }

    /** The JFR names ({@code hotscope.LockWait}) of the given types; never null. */
    public static Set<String> names(List<Class<? extends Event>> types) {
        return types.stream().map(t -> t.getAnnotation(Name.class).value()).collect(Collectors.toUnmodifiableSet());
    }
}
