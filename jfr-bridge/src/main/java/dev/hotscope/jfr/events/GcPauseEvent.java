package dev.hotscope.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/** A GC pause with the kernel's view of it: how much CPU the GC threads actually got. */
@Name("hotscope.GcPause")
@Label("GC Pause")
@Description("A garbage collection pause with the CPU time its GC threads got and their run-queue"
    + " delay, so a pause stretched by CPU starvation shows")
@Category({"hotscope", "GC"})
@StackTrace(false)
public final class GcPauseEvent extends Event {
    /** When the pause began. */
    @Label("Began")
    @Description("When the pause began")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long began;

    /** Wall time of the pause. */
    @Label("Pause")
    @Description("Wall time from gc__begin to gc__end")
    @Timespan(Timespan.NANOSECONDS)
    public long pause;

    /** Full collection. */
    @Label("Full")
    @Description("True for a full collection")
    public boolean full;

    /** CPU time the GC threads got within the pause. */
    @Label("GC CPU Time")
    @Description("Sum of the on-CPU time of the GC and VM threads within the pause")
    @Timespan(Timespan.NANOSECONDS)
    public long gcCpuTime;

    /** Time GC threads were runnable but not running within the pause. */
    @Label("GC Run Queue Time")
    @Description("Sum of the time GC and VM threads waited for a CPU within the pause")
    @Timespan(Timespan.NANOSECONDS)
    public long gcRunQueueTime;

    /** How many GC threads ran. */
    @Label("GC Threads")
    @Description("Number of GC and VM threads that ran during the pause")
    public int gcThreads;

    /** GC CPU time over the wall time the GC threads could have used had they never waited. */
    @Label("Starvation")
    @Description("GC run-queue time over GC CPU time plus run-queue time: the share of the pause's"
        + " thread time lost waiting for a CPU")
    @Percentage
    public double starvation;

    /** Time to safepoint, when the pause was in one. */
    @Label("Time To Safepoint")
    @Description("Time from the safepoint request until all Java threads had stopped")
    @Timespan(Timespan.NANOSECONDS)
    public long timeToSafepoint;

    /** How the pause was observed. */
    @Label("Source")
    @Description("usdt: HotSpot's gc__begin/gc__end probes; uprobes: libjvm symbols")
    public String source;
}
