package dev.hotscope.javaagent.internal.session;

import dev.hotscope.jfr.events.LostEventsEvent;

/** Turns a feature's cumulative lost-record counter into {@code hotscope.LostEvents} events and a line. */
final class LostCounter {
    private final String source;
    private final String reason;
    private long reported;

    LostCounter(String source, String reason) {
        this.source = source;
        this.reason = reason;
    }

    /** Reports what was lost since the last call, if anything. */
    void update(long total, EventContext context) {
        long lost = total - reported;
        if (lost <= 0) {
            return;
        }
        if (reported == 0) {
            AgentLog.line(source + ": " + lost + " records lost (" + reason + "); counted in hotscope.LostEvents");
        }
        reported = total;
        LostEventsEvent e = new LostEventsEvent();
        e.source = source;
        e.reason = reason;
        e.lost = lost;
        e.lostTotal = total;
        context.commitInstant(e);
    }

    long total() {
        return reported;
    }
}
