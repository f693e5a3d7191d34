package dev.hotscope.jfr.report;

import java.time.Duration;
import java.time.Instant;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;

/**
 * Reads fields of events that may come from other versions of hotscope or other writers: a missing
 * field or a value of an unexpected type reads as empty or zero instead of failing the report.
 */
final class EventFields {
    private EventFields() {}

    static String string(RecordedEvent e, String field) {
        if (!e.hasField(field)) {
            return "";
        }
        Object value = e.getValue(field);
        return value == null ? "" : value.toString();
    }

    static long longValue(RecordedEvent e, String field) {
        if (!e.hasField(field)) {
            return 0;
        }
        Object value = e.getValue(field);
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }

    static double doubleValue(RecordedEvent e, String field) {
        if (!e.hasField(field)) {
            return 0;
        }
        Object value = e.getValue(field);
        return value instanceof Number ? ((Number) value).doubleValue() : 0;
    }

    static boolean booleanValue(RecordedEvent e, String field) {
        return e.hasField(field) && Boolean.TRUE.equals(e.getValue(field));
    }

    /** A timespan field in nanoseconds; 0 when missing, negative or not a timespan. */
    static long nanos(RecordedEvent e, String field) {
        if (!e.hasField(field)) {
            return 0;
        }
        try {
            Duration d = e.getDuration(field);
            return d.isNegative() ? 0 : d.toNanos();
        } catch (IllegalArgumentException | ArithmeticException ex) {
            return 0;
        }
    }

    /** A timestamp field in nanoseconds since the epoch; 0 when missing or not a timestamp. */
    static long epochNanos(RecordedEvent e, String field) {
        if (!e.hasField(field)) {
            return 0;
        }
        try {
            Instant at = e.getInstant(field);
            return at.getEpochSecond() <= 0 ? 0 : toNanos(at);
        } catch (IllegalArgumentException | ArithmeticException ex) {
            return 0;
        }
    }

    static long toNanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    static RecordedThread thread(RecordedEvent e, String field) {
        if (!e.hasField(field)) {
            return null;
        }
        Object value = e.getValue(field);
        return value instanceof RecordedThread ? (RecordedThread) value : null;
    }

    /**
     * The thread the event is about: its own {@code osThreadId}, {@code threadName} and
     * {@code javaThread} fields first (in-process commits carry the agent's thread as eventThread),
     * then the event thread (the agent's written file sets it to the right thread).
     */
    static ThreadRef threadOf(RecordedEvent e) {
        String name = string(e, "threadName");
        long tid = longValue(e, "osThreadId");
        for (RecordedThread t : new RecordedThread[] {thread(e, "javaThread"), thread(e, "eventThread")}) {
            if (t == null) {
                continue;
            }
            if (name.isEmpty()) {
                name = t.getJavaName() != null ? t.getJavaName() : t.getOSName() == null ? "" : t.getOSName();
            }
            if (tid <= 0) {
                tid = t.getOSThreadId();
            }
        }
        return new ThreadRef(Math.max(0, tid), name.isEmpty() ? "(unnamed)" : name);
    }

    /**
     * When the measured interval began, in nanoseconds since the epoch. A written event with a
     * duration has its real start time; an in-process one was stamped at its commit, so its
     * {@code began} field (the kernel's start) is used, else the commit time less the wait.
     */
    static long began(RecordedEvent e, long waitNanos) {
        long start = toNanos(e.getStartTime());
        if (!e.getDuration().isZero()) {
            return start;
        }
        long began = epochNanos(e, "began");
        return began > 0 ? began : start - waitNanos;
    }
}
