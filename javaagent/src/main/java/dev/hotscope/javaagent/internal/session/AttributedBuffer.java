package dev.hotscope.javaagent.internal.session;

import dev.hotscope.jfr.writer.AttributedEvent;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;

/**
 * The events the written recording gets at the end, in commit order. Bounded like a JFR recording
 * with a maximum size: past {@link #capacity()} the oldest go, and are counted. Agent thread only.
 */
final class AttributedBuffer {
    static final int DEFAULT_CAPACITY = 250_000;

    private final int capacity;
    private final ArrayDeque<AttributedEvent> events = new ArrayDeque<>();
    private long evicted;

    AttributedBuffer(int capacity) {
        this.capacity = capacity;
    }

    void add(AttributedEvent e) {
        if (events.size() >= capacity) {
            events.removeFirst();
            evicted++;
        }
        events.addLast(e);
    }

    Collection<AttributedEvent> events() {
        return Collections.unmodifiableCollection(events);
    }

    int size() {
        return events.size();
    }

    int capacity() {
        return capacity;
    }

    /** Events dropped, oldest first, to keep at most {@link #capacity()}. */
    long evicted() {
        return evicted;
    }

    void clear() {
        events.clear();
    }
}
