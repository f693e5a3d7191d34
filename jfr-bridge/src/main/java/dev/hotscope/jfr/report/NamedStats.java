package dev.hotscope.jfr.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Durations summed by a name (a syscall, a waker, a probed method): count, total, longest and a log2
 * histogram each. At most {@link #MAX_NAMES} names; later ones go to "(others)".
 */
final class NamedStats {
    static final int MAX_NAMES = 2_000;

    private final Map<String, Stat> byName = new HashMap<>();

    void add(String name, long nanos) {
        Stat s = byName.get(name);
        if (s == null) {
            String key = byName.size() >= MAX_NAMES ? "(others)" : name;
            s = byName.computeIfAbsent(key, Stat::new);
        }
        s.durations.addNanos(nanos);
        s.longest = Math.max(s.longest, nanos);
    }

    Stat get(String name) {
        return byName.get(name);
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    long count() {
        long n = 0;
        for (Stat s : byName.values()) {
            n += s.durations.count();
        }
        return n;
    }

    long totalNanos() {
        long n = 0;
        for (Stat s : byName.values()) {
            n += s.durations.totalNanos();
        }
        return n;
    }

    /** The names with the most total time, largest first. */
    List<Stat> top(int n) {
        TopN<Stat> top = new TopN<>(n);
        for (Stat s : byName.values()) {
            top.offer(s.durations.totalNanos(), s);
        }
        return top.largestFirst();
    }

    /** One name's durations. */
    static final class Stat {
        final String name;
        final Log2Counts durations = new Log2Counts();
        long longest;

        Stat(String name) {
            this.name = name;
        }
    }
}
