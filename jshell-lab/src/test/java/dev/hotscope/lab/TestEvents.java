package dev.hotscope.lab;

import java.util.List;

/** Builds events for the render tests. */
final class TestEvents {
    private TestEvents() {
    }

    static Event event(String name, long durationNanos) {
        return event(name, durationNanos, 1, "main");
    }

    static Event event(String name, long durationNanos, long tid, String thread, String... stackInnermostFirst) {
        return new Event("test", name, 1_000_000 + durationNanos, durationNanos, tid, thread, new long[0],
            List.of(stackInnermostFirst), null);
    }

    static Event withArg(long arg) {
        return new Event("test", "read", 0, 0, 1, "main", new long[] {arg}, List.of(), null);
    }
}
