package dev.hotscope.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** One call of a method probed with {@code probe=PATTERN}. */
@Category({"hotscope", "Methods"})
@Name("hotscope.MethodSpan")
@Label("Method Span")
@Description("A call of a method probed with probe=PATTERN that took at least the span threshold")
public final class MethodSpanEvent extends ThreadEvent {
    /** The probed method. */
    @Label("Method")
    @Description("The probed method, class#name")
    public String method;

    /** How long the call took. */
    @Label("Span")
    @Description("Time from entering to leaving the method")
    @Timespan(Timespan.NANOSECONDS)
    public long span;
}
