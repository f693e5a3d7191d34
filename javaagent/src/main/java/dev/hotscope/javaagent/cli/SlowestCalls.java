package dev.hotscope.javaagent.cli;

import dev.hotscope.bpf.syscalls.SyscallEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** The N slowest calls seen so far, in bounded memory whatever the rate of calls. */
final class SlowestCalls {
    private static final Comparator<SyscallEvent> BY_DURATION = Comparator.comparingLong(SyscallEvent::durationNanos);

    private final int capacity;
    private final PriorityQueue<SyscallEvent> fastestFirst = new PriorityQueue<>(BY_DURATION);

    SlowestCalls(int capacity) {
        this.capacity = capacity;
    }

    void offer(SyscallEvent event) {
        if (fastestFirst.size() < capacity) {
            fastestFirst.add(event);
        } else if (BY_DURATION.compare(event, fastestFirst.peek()) > 0) {
            fastestFirst.poll();
            fastestFirst.add(event);
        }
    }

    /** The kept calls, slowest first. */
    List<SyscallEvent> sorted() {
        List<SyscallEvent> out = new ArrayList<>(fastestFirst);
        out.sort(BY_DURATION.reversed());
        return out;
    }
}
