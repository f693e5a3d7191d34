package dev.hotscope.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/** A safepoint: the time Java threads took to stop and how long they stayed stopped. */
@Name("hotscope.Safepoint")
@Label("Safepoint")
@Description("A safepoint, from the request to the release of the Java threads")
@Category({"hotscope", "GC"})
@StackTrace(false)
public final class SafepointEvent extends Event {
    /** When it was requested. */
    @Label("Began")
    @Description("When the safepoint was requested")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long began;

    /** Request to release. */
    @Label("Duration")
    @Description("Time from the request to the release of the threads")
    @Timespan(Timespan.NANOSECONDS)
    public long total;

    /** Request to all threads stopped. */
    @Label("Time To Safepoint")
    @Description("Time from the request until all Java threads had stopped")
    @Timespan(Timespan.NANOSECONDS)
    public long timeToSafepoint;

    /** The VM operation run. */
    @Label("Operation")
    @Description("The VM operation run at the safepoint, from vmops__begin")
    public String operation;
}
