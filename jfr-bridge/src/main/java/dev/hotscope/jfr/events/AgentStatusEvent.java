package dev.hotscope.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** What a feature of the agent is doing, or why it cannot. */
@Name("hotscope.AgentStatus")
@Label("Agent Status")
@Description("A hotscope feature started, stopped, or could not run, and why")
@Category({"hotscope", "Agent"})
@StackTrace(false)
public final class AgentStatusEvent extends Event {
    /** The feature. */
    @Label("Feature")
    @Description("syscall, gc, lock, offcpu, runq, probe or agent")
    public String feature;

    /** Its state. */
    @Label("State")
    @Description("on, off (could not run), throttled (over its event budget: streams a sample), stopped")
    public String state;

    /** Details: thresholds, or what is missing. */
    @Label("Message")
    @Description("Settings when on; what is missing when off")
    public String message;
}
