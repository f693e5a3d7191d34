package dev.hotscope.jfr.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What the header says: the recording's span, the JVM, events per type, the agent's status and losses. */
final class RecordingFacts {
    static final int MAX_STATUS_LINES = 200;
    static final int MAX_LOSS_REPORTS = 100_000;

    long firstNanos = Long.MAX_VALUE;
    long lastNanos = Long.MIN_VALUE;
    long events;
    String jvm = "";
    long pid;
    final Map<String, Long> hotscopeCounts = new TreeMap<>();
    long jdkEvents;
    final List<String> agentStatus = new ArrayList<>();
    long agentStatusDropped;
    /** "source: reason" to records lost. */
    final Map<String, Long> lost = new LinkedHashMap<>();
    private final Set<List<Object>> lossReports = new HashSet<>();

    void seen(String type, long startNanos, long endNanos) {
        events++;
        firstNanos = Math.min(firstNanos, startNanos);
        lastNanos = Math.max(lastNanos, endNanos);
        if (type.startsWith("hotscope.")) {
            hotscopeCounts.merge(type, 1L, Long::sum);
        } else {
            jdkEvents++;
        }
    }

    long hotscopeEvents() {
        long n = 0;
        for (long c : hotscopeCounts.values()) {
            n += c;
        }
        return n;
    }

    long spanNanos() {
        return events == 0 ? 0 : lastNanos - firstNanos;
    }

    long lostTotal() {
        long n = 0;
        for (long c : lost.values()) {
            n += c;
        }
        return n;
    }

    /** Whether this loss report was not seen before (a written recording may hold it twice). */
    boolean firstReport(String source, String reason, long lost, long lostTotal) {
        if (lossReports.size() >= MAX_LOSS_REPORTS) {
            return true;
        }
        return lossReports.add(List.of(source, reason, lost, lostTotal));
    }

    /** Adds a status line unless it is already there: a written recording may hold it twice. */
    void status(String line) {
        if (agentStatus.contains(line)) {
            return;
        }
        if (agentStatus.size() < MAX_STATUS_LINES) {
            agentStatus.add(line);
        } else {
            agentStatusDropped++;
        }
    }
}
