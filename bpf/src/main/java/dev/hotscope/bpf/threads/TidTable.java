package dev.hotscope.bpf.threads;

import java.util.Collection;

/** An immutable open-addressing map from tid to {@link ThreadInfo}; lookups do not allocate. */
final class TidTable {
    private final long[] keys;
    private final ThreadInfo[] values;
    private final int mask;

    TidTable(Collection<ThreadInfo> infos) {
        int capacity = Integer.highestOneBit(Math.max(4, infos.size() * 2 + 1)) << 1;
        keys = new long[capacity];
        values = new ThreadInfo[capacity];
        mask = capacity - 1;
        for (ThreadInfo info : infos) {
            int i = slot(info.tid());
            while (values[i] != null && keys[i] != info.tid()) {
                i = (i + 1) & mask;
            }
            keys[i] = info.tid();
            values[i] = info;
        }
    }

    /** The entry for a tid, or null. */
    ThreadInfo get(long tid) {
        int i = slot(tid);
        while (values[i] != null) {
            if (keys[i] == tid) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private int slot(long tid) {
        long h = tid * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
