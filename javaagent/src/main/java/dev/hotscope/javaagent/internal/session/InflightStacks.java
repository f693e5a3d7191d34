package dev.hotscope.javaagent.internal.session;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Java stacks taken in-process of threads still waiting: exact frames (interpreted and inlined
 * included) with no JVM flag. Keyed by tid and the wait's start as BPF stamped it, so the record
 * that arrives when the wait ends finds its stack. Only the agent's thread uses it.
 */
final class InflightStacks {
    private static final long FORGET_AFTER_NANOS = 60_000_000_000L;

    private final Map<Key, Taken> stacks = new HashMap<>();

    boolean has(long tid, long startNanos) {
        return stacks.containsKey(new Key(tid, startNanos));
    }

    void put(long tid, long startNanos, Stack stack) {
        stacks.put(new Key(tid, startNanos), new Taken(stack, System.nanoTime()));
    }

    /**
     * The stack taken for this wait, removed; null if none was taken, or if it was taken after the
     * wait had ended: {@code getStackTrace()} can return after the thread has moved on, and that
     * stack is another moment's.
     */
    Stack take(long tid, long startNanos, long endNanos) {
        Taken taken = stacks.remove(new Key(tid, startNanos));
        return taken == null || taken.takenNanos > endNanos ? null : taken.stack;
    }

    /** Drops stacks whose wait never produced a record (below a threshold after all, or lost). */
    void expire() {
        long now = System.nanoTime();
        for (Iterator<Taken> it = stacks.values().iterator(); it.hasNext(); ) {
            if (now - it.next().takenNanos > FORGET_AFTER_NANOS) {
                it.remove();
            }
        }
    }

    int size() {
        return stacks.size();
    }

    private record Key(long tid, long startNanos) {}

    private record Taken(Stack stack, long takenNanos) {}
}
