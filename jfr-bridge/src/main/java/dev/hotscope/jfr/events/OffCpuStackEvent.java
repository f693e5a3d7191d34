package dev.hotscope.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** Off-CPU time of one reason and one stack, summed over an interval: an off-CPU profile. */
@Name("hotscope.OffCpuStack")
@Label("Off-CPU By Stack")
@Description("Off-CPU time above the offcpu threshold summed by reason and stack over one interval")
@Category({"hotscope", "Scheduler"})
@StackTrace(false)
public final class OffCpuStackEvent extends Event {
    /** Why the threads were off the CPU. */
    @Label("Reason")
    @Description("blocked, sleeping or preempted")
    public String reason;

    /** The stack, innermost frame first, kernel frames left out. */
    @Label("Stack")
    @Description("The stack the time was spent in, innermost frame first, one frame a line, kernel frames left out")
    public String stack;

    /** Summed off-CPU time. */
    @Label("Off-CPU Time")
    @Description("Sum of the off-CPU intervals with this reason and stack in the interval")
    @Timespan(Timespan.NANOSECONDS)
    public long total;

    /** How many intervals. */
    @Label("Intervals")
    @Description("Number of off-CPU intervals summed")
    public long count;

    /** Which threads. */
    @Label("Threads")
    @Description("Names of the threads that spent the time, comma-separated (at most 8)")
    public String threads;
}
