package dev.hotscope.jfr.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** The N largest items offered, by a long key; whatever the number offered, memory stays N items. */
final class TopN<T> {
    private final int capacity;
    private final PriorityQueue<Entry<T>> smallestFirst;
    private long offered;

    TopN(int capacity) {
        this.capacity = capacity;
        this.smallestFirst = new PriorityQueue<>(Comparator.comparingLong((Entry<T> e) -> e.key)
            .thenComparingLong(e -> -e.order));
    }

    void offer(long key, T item) {
        offered++;
        if (smallestFirst.size() < capacity) {
            smallestFirst.add(new Entry<>(key, offered, item));
        } else if (key > smallestFirst.peek().key) {
            smallestFirst.poll();
            smallestFirst.add(new Entry<>(key, offered, item));
        }
    }

    /** How many items were offered in all. */
    long offered() {
        return offered;
    }

    boolean truncated() {
        return offered > smallestFirst.size();
    }

    /** The kept items, largest key first; ties in the order offered. */
    List<T> largestFirst() {
        List<Entry<T>> entries = new ArrayList<>(smallestFirst);
        entries.sort(Comparator.comparingLong((Entry<T> e) -> -e.key).thenComparingLong(e -> e.order));
        List<T> items = new ArrayList<>(entries.size());
        for (Entry<T> e : entries) {
            items.add(e.item);
        }
        return items;
    }

    private record Entry<T>(long key, long order, T item) {}
}
