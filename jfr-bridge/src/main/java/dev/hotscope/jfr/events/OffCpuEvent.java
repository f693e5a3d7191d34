package dev.hotscope.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** A thread off the CPU for longer than the threshold. */
@Category({"hotscope", "Scheduler"})
@Name("hotscope.OffCpu")
@Label("Off-CPU")
@Description("A Java thread off the CPU longer than the offcpu threshold, and why")
public final class OffCpuEvent extends ThreadEvent {
    /** Why the thread left the CPU. */
    @Label("Reason")
    @Description("blocked: uninterruptible wait (usually I/O); sleeping: interruptible wait (sleep, park,"
        + " lock, socket); preempted: runnable but descheduled")
    public String reason;

    /** Time off the CPU. */
    @Label("Off-CPU Time")
    @Description("Time from leaving the CPU to running again")
    @Timespan(Timespan.NANOSECONDS)
    public long offCpu;

    /** The part of it spent runnable, waiting for a CPU. */
    @Label("Run Queue Delay")
    @Description("The part of the off-CPU time spent runnable, waiting for a CPU")
    @Timespan(Timespan.NANOSECONDS)
    public long runQueueDelay;

    /** The waking thread's kernel id, 0 when unknown. */
    @Label("Waker OS Thread Id")
    @Description("Kernel id of the thread that woke it; 0 when unknown")
    public long wakerOsThreadId;

    /** The waking thread's name. */
    @Label("Waker Name")
    @Description("Name of the thread that woke it")
    public String wakerName;
}
