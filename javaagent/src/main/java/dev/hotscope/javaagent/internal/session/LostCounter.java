package dev.hotscope.javaagent.internal.session;

import dev.hotscope.bpf.EventBudget;
import dev.hotscope.jfr.events.AgentStatusEvent;
import dev.hotscope.jfr.events.LostEventsEvent;

/**
 * Turns a feature's cumulative lost-record counter into {@code hotscope.LostEvents} events and a line
 * the first time; for records held back over the feature's event budget, that first time also says
 * so in a {@code hotscope.AgentStatus} event ("throttled").
 */
final class LostCounter {
    /** The {@code hotscope.LostEvents} reason of records not streamed because of the budget. */
    static final String OVER_BUDGET = "over budget";

    private final String source;
    private final String reason;
    private final String firstTime;
    private long reported;

    LostCounter(String source, String reason) {
        this(source, reason, null);
    }

    private LostCounter(String source, String reason, String firstTime) {
        this.source = source;
        this.reason = reason;
        this.firstTime = firstTime;
    }

    /**
     * Counts the records a feature's kernel program held back over its budget.
     *
     * @param source the feature, e.g. {@code syscall}
     * @param budget the feature's budget
     * @param countedIn where every event is still counted, e.g. {@code kernel histograms}
     */
    static LostCounter overBudget(String source, EventBudget budget, String countedIn) {
        return new LostCounter(source, OVER_BUDGET, source + " events over budget (" + budget
            + "): sending a sample, counting all in " + countedIn);
    }

    /** Reports what was lost since the last call, if anything. */
    void update(long total, EventContext context) {
        long lost = total - reported;
        if (lost <= 0) {
            return;
        }
        if (reported == 0) {
            sayFirstTime(lost, context);
        }
        reported = total;
        LostEventsEvent e = new LostEventsEvent();
        e.source = source;
        e.reason = reason;
        e.lost = lost;
        e.lostTotal = total;
        context.commitInstant(e);
    }

    private void sayFirstTime(long lost, EventContext context) {
        if (firstTime == null) {
            AgentLog.line(source + ": " + lost + " records lost (" + reason + "); counted in hotscope.LostEvents");
            return;
        }
        AgentLog.line(firstTime + "; not streamed counted in hotscope.LostEvents (" + reason + ")");
        AgentStatusEvent status = new AgentStatusEvent();
        status.feature = source;
        status.state = "throttled";
        status.message = firstTime;
        context.commitInstant(status);
    }

    long total() {
        return reported;
    }
}
