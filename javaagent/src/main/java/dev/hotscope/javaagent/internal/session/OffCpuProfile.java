package dev.hotscope.javaagent.internal.session;

import dev.hotscope.jfr.events.OffCpuStackEvent;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Off-CPU time summed by reason and stack between two reports, committed as
 * {@code hotscope.OffCpuStack}: the off-CPU profile of the interval. Kernel frames are left out of
 * the key so that the same Java path through different kernel paths adds up. Agent thread only.
 */
final class OffCpuProfile {
    private static final int MAX_STACKS = 4096;
    private static final int MAX_THREAD_NAMES = 8;

    private final Map<Key, Sum> sums = new HashMap<>();

    void add(String reason, String stack, String threadName, long nanos) {
        Key key = new Key(reason, withoutKernelFrames(stack));
        Sum sum = sums.get(key);
        if (sum == null) {
            if (sums.size() >= MAX_STACKS) {
                key = new Key(reason, "(other stacks: more than " + MAX_STACKS + " in one interval)");
                sum = sums.computeIfAbsent(key, k -> new Sum());
            } else {
                sum = new Sum();
                sums.put(key, sum);
            }
        }
        sum.total += nanos;
        sum.count++;
        if (sum.threads.size() < MAX_THREAD_NAMES) {
            sum.threads.add(threadName);
        }
    }

    /** Commits one event per reason and stack seen since the last call, and starts over. */
    void commit() {
        for (Map.Entry<Key, Sum> entry : sums.entrySet()) {
            OffCpuStackEvent e = new OffCpuStackEvent();
            e.reason = entry.getKey().reason;
            e.stack = entry.getKey().stack;
            e.total = entry.getValue().total;
            e.count = entry.getValue().count;
            e.threads = String.join(",", entry.getValue().threads);
            e.commit();
        }
        sums.clear();
    }

    static String withoutKernelFrames(String stack) {
        if (stack == null || stack.isEmpty()) {
            return "(no stack)";
        }
        StringBuilder s = new StringBuilder(stack.length());
        for (String line : stack.split("\n")) {
            if (!line.endsWith("[kernel]")) {
                s.append(line).append('\n');
            }
        }
        return s.length() == 0 ? "(kernel frames only)" : s.toString();
    }

    private record Key(String reason, String stack) {}

    private static final class Sum {
        long total;
        long count;
        final Set<String> threads = new LinkedHashSet<>();
    }
}
