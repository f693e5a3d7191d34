package dev.hotscope.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** A firing of a probe the lab traced (USDT, uprobe, tracepoint), exported from a lab session. */
@Category({"hotscope", "Lab"})
@Name("hotscope.LabProbe")
@Label("Lab Probe")
@Description("A USDT probe, uprobe or tracepoint firing that the hotscope lab traced and exported")
public final class LabProbeEvent extends ThreadEvent {
    /** The lab source, as it was written. */
    @Label("Source")
    @Description("The lab source that traced it, e.g. uprobe(\"libc:malloc\")")
    public String source;

    /** The probe's or function's name. */
    @Label("Probe")
    @Description("The probe's, function's or tracepoint's name")
    public String probe;

    /** How long from begin to end, 0 for a single firing. */
    @Label("Duration")
    @Description("Time from the probe to its pair (return, end probe); 0 for a single firing")
    @Timespan(Timespan.NANOSECONDS)
    public long elapsed;

    /** The arguments, as text. */
    @Label("Arguments")
    @Description("The probe's arguments or the tracepoint's fields, name=value, comma-separated")
    public String arguments;
}
