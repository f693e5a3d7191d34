package dev.hotscope.javaagent.internal.profiler;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * The JVM's recordings, to find the one async-profiler's jfrsync started: it gives no handle to it,
 * but it is the recording that appeared during the start command with the file as its destination.
 */
final class JdkRecordings {
    private JdkRecordings() {}

    /**
     * The ids of the JVM's recordings now.
     *
     * @return never null
     * @throws IllegalStateException if JFR is not available in this JVM
     */
    static Set<Long> ids() {
        return all().stream().map(Recording::getId).collect(Collectors.toSet());
    }

    /**
     * The recording that appeared since {@code before} and writes to {@code file}.
     *
     * @param before ids from {@link #ids()}; not null
     * @param file an absolute, normalized path; not null
     * @return the recording; empty if there is none
     */
    static Optional<Recording> appeared(Set<Long> before, Path file) {
        try {
            return all().stream()
                .filter(r -> !before.contains(r.getId()) && file.equals(r.getDestination()))
                .findFirst();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Closes what a failed start may leave behind, so it is neither kept running nor dumped at exit. */
    static void closeAppeared(Set<Long> before, Path file) {
        appeared(before, file).ifPresent(r -> {
            try {
                r.close();
            } catch (RuntimeException alreadyGone) {
                // closed meanwhile: nothing left to clean up
            }
        });
    }

    /**
     * Stops a recording, which writes its file and, through async-profiler's listener, stops the
     * profiler and appends its samples, all before this returns.
     *
     * @return true if this call stopped it; false if it was no longer running (stopped by the JVM's
     *     shutdown hook, for example, which may still be writing)
     */
    static boolean stop(Recording recording) {
        try {
            if (recording.getState() != RecordingState.RUNNING) {
                return false;
            }
            recording.stop();
            return true;
        } catch (IllegalStateException stoppedMeanwhile) {
            return false;
        }
    }

    private static List<Recording> all() {
        return FlightRecorder.getFlightRecorder().getRecordings();
    }
}
