package dev.hotscope.lab.internal;

import dev.hotscope.lab.Event;
import java.util.List;

/**
 * Thread names and stack frames of one traced process, looked up on first need: a run that never sees
 * an event never asks the JVM for its threads or its perf map.
 */
final class ProcessNames {
    private final long pid;
    private final boolean stacks;
    private ThreadNames names;
    private StackNames stackNames;

    /**
     * @param pid the process
     * @param stacks whether stacks were asked for; without, {@link #stack} is always empty
     */
    ProcessNames(long pid, boolean stacks) {
        this.pid = pid;
        this.stacks = stacks;
    }

    String thread(long tid) {
        if (names == null) {
            names = ThreadNames.of(pid);
        }
        return names.name(tid);
    }

    /** Returns {@code bare} with its stack when stacks were asked for, else {@code bare} itself. */
    Event withStack(Event bare, long[] user, long[] kernel) {
        return stacks ? bare.withStack(stack(user, kernel)) : bare;
    }

    List<String> stack(long[] user, long[] kernel) {
        if (!stacks) {
            return List.of();
        }
        if (stackNames == null) {
            stackNames = StackNames.forProcess(pid);
        }
        return stackNames.of(user, kernel);
    }
}
