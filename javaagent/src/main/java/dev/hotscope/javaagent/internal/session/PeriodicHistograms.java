package dev.hotscope.javaagent.internal.session;

import dev.hotscope.jfr.events.LatencyHistogramEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import jdk.jfr.FlightRecorder;

/**
 * The in-kernel histograms as JFR's periodic {@code hotscope.LatencyHistogram} event: the agent's
 * thread stores the latest of each, and JFR calls this hook at the period each recording asks for
 * (10 s unless its settings say otherwise), committing those whose count changed since the last
 * call. Histograms are cumulative, so the newest of a key has it all.
 */
final class PeriodicHistograms implements Runnable {
    private final Map<String, Snapshot> latest = new ConcurrentHashMap<>();
    private final Map<String, Long> committedCounts = new HashMap<>();
    private volatile boolean failed;
    private final BooleanSupplier inProcess;

    /** @param inProcess whether a recording other than the session's (which writes its own) wants them */
    PeriodicHistograms(BooleanSupplier inProcess) {
        this.inProcess = inProcess;
    }

    void put(String key, Snapshot snapshot) {
        latest.put(key, snapshot);
    }

    java.util.Collection<Snapshot> latest() {
        return latest.values();
    }

    /** Starts the periodic event; false (and nothing happens) if JFR refuses. */
    boolean register() {
        try {
            FlightRecorder.addPeriodicEvent(LatencyHistogramEvent.class, this);
            return true;
        } catch (RuntimeException | Error e) {
            AgentLog.line("hotscope.LatencyHistogram will not be emitted: " + AgentLog.describe(e));
            return false;
        }
    }

    /** Commits what changed since the last period, then stops the periodic event. */
    void unregister() {
        run();
        try {
            FlightRecorder.removePeriodicEvent(this);
        } catch (RuntimeException | Error e) {
            // JFR is shutting down: nothing more is called
        }
    }

    /** Called by JFR's periodic thread; never throws. */
    @Override
    public synchronized void run() {
        if (!inProcess.getAsBoolean()) {
            return;
        }
        try {
            for (Map.Entry<String, Snapshot> entry : latest.entrySet()) {
                Snapshot s = entry.getValue();
                Long before = committedCounts.put(entry.getKey(), s.count);
                if (before == null || before != s.count) {
                    s.commit();
                }
            }
        } catch (RuntimeException | Error e) {
            if (!failed) {
                failed = true;
                AgentLog.line("hotscope.LatencyHistogram could not be committed: " + AgentLog.describe(e));
            }
        }
    }

    /** One histogram's latest values. */
    record Snapshot(String kind, String syscall, String category, long osThreadId, Thread javaThread,
            String threadName, long count, long total, long p50, long p99, String buckets) {
        void commit() {
            event().commit();
        }

        Snapshot withThread(Thread thread, String name) {
            return new Snapshot(kind, syscall, category, osThreadId, thread, name, count, total, p50, p99, buckets);
        }

        LatencyHistogramEvent event() {
            LatencyHistogramEvent e = new LatencyHistogramEvent();
            e.kind = kind;
            e.syscall = syscall;
            e.category = category;
            e.osThreadId = osThreadId;
            e.javaThread = javaThread;
            e.threadName = threadName;
            e.count = count;
            e.total = total;
            e.p50 = p50;
            e.p99 = p99;
            e.buckets = buckets;
            return e;
        }
    }
}
