package dev.hotscope.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** Records hotscope could not deliver since the previous report. */
@Name("hotscope.LostEvents")
@Label("Lost Events")
@Description("Records the kernel or hotscope dropped since the previous report: full ring buffer,"
    + " full map, slow consumer; or, with reason over budget, records not streamed because the feature"
    + " sent more than its budget per second (the kernel's histograms still count them)")
@Category({"hotscope", "Agent"})
@StackTrace(false)
public final class LostEventsEvent extends Event {
    /** The feature whose records were lost. */
    @Label("Source")
    @Description("The feature that lost records: syscall, lock, offcpu, runq, gc")
    public String source;

    /** Why. */
    @Label("Reason")
    @Description("Why: ring buffer full, map full, handler error, over budget")
    public String reason;

    /** How many since the previous report. */
    @Label("Lost")
    @Description("Records lost since the previous report")
    public long lost;

    /** How many in all. */
    @Label("Lost In All")
    @Description("Records lost since the feature started")
    public long lostTotal;
}
