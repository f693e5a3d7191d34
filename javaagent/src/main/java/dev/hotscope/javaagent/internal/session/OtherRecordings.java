package dev.hotscope.javaagent.internal.session;

import java.util.Set;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Whether a JFR recording other than the session's runs: {@code -XX:StartFlightRecording},
 * {@code jcmd JFR.start}, a {@code RecordingStream}, JMC's live connection. hotscope's events about
 * threads are committed in-process only then: the session's file gets them from its own chunk, on
 * their threads, and an in-process copy would land in the session's JDK part too (JFR's chunks are
 * shared by all recordings) and show every wait twice.
 */
final class OtherRecordings implements FlightRecorderListener {
    private volatile Set<Recording> own = Set.of();
    private volatile boolean running;
    private volatile boolean ever;
    private boolean registered;

    /** Starts watching; {@code own} are the session's recordings (its own, or async-profiler's). */
    synchronized void watch(Set<Recording> own) {
        this.own = Set.copyOf(own);
        try {
            FlightRecorder.addListener(this);
            registered = true;
            recompute();
        } catch (RuntimeException | Error e) {
            // no JFR: nothing to commit to either
        }
    }

    /** The recordings of this JVM now; empty if JFR is not there. */
    static Set<Recording> now() {
        try {
            return FlightRecorder.isInitialized() ? Set.copyOf(FlightRecorder.getFlightRecorder().getRecordings()) : Set.of();
        } catch (RuntimeException | Error e) {
            return Set.of();
        }
    }

    /** Whether an in-process commit reaches a recording other than the session's. */
    boolean running() {
        return running;
    }

    /** Whether one ran at any time since {@link #watch}. */
    boolean ever() {
        return ever;
    }

    synchronized void close() {
        if (registered) {
            FlightRecorder.removeListener(this);
            registered = false;
        }
    }

    @Override
    public void recordingStateChanged(Recording recording) {
        recompute();
    }

    private void recompute() {
        boolean any = false;
        for (Recording r : now()) {
            any |= !own.contains(r) && r.getState() == RecordingState.RUNNING;
        }
        running = any;
        ever |= any;
    }
}
