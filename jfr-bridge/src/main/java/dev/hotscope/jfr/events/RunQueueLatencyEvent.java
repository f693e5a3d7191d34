package dev.hotscope.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** A thread runnable but waiting for a CPU for longer than the threshold. */
@Category({"hotscope", "Scheduler"})
@Name("hotscope.RunQueueLatency")
@Label("Run Queue Latency")
@Description("A Java thread ready to run that waited for a CPU longer than the runq threshold")
public final class RunQueueLatencyEvent extends ThreadEvent {
    /** Time from runnable to running. */
    @Label("Latency")
    @Description("Time from becoming runnable (woken or preempted) to running")
    @Timespan(Timespan.NANOSECONDS)
    public long latency;

    /** How it became runnable. */
    @Label("Cause")
    @Description("wakeup: woken from a wait; preempted: descheduled while runnable")
    public String cause;

    /** The CPU it ran on. */
    @Label("CPU")
    @Description("The CPU the thread ran on afterwards")
    public int cpu;
}
