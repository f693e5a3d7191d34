package dev.hotscope.javaagent.internal.methods;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;

/**
 * The probed calls of one thread: the calls still open (a stack) and the last {@value #RING}
 * finished ones (a ring, in the order they finished). Written only by its thread; read by any
 * other through a sequence lock: the writer makes {@code seq} odd while it writes, and a reader
 * keeps its answer only if {@code seq} was even and unchanged around its reads. Readers never
 * allocate and never block the writer; the writer pays two plain stores and a compiler fence.
 */
final class ThreadTimeline {
    /** Open calls kept; deeper ones are counted in the depth but not stored. */
    static final int MAX_DEPTH = 64;
    /** Finished calls kept; a power of two. */
    static final int RING = 32;
    private static final int MASK = RING - 1;
    /** Reads that keep meeting a writer give up after this many tries and answer "unknown". */
    private static final int READ_ATTEMPTS = 16;
    private static final VarHandle SEQ;

    static {
        try {
            SEQ = MethodHandles.lookup().findVarHandle(ThreadTimeline.class, "seq", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final WeakReference<Thread> thread;
    final long threadId;

    @SuppressWarnings("unused") // accessed through SEQ
    private long seq;
    private int epoch;
    private int depth;
    private final int[] openIds = new int[MAX_DEPTH];
    private final long[] openStarts = new long[MAX_DEPTH];
    private long finished;
    private final int[] doneIds = new int[RING];
    private final int[] doneDepths = new int[RING];
    private final long[] doneStarts = new long[RING];
    private final long[] doneEnds = new long[RING];

    ThreadTimeline(Thread thread, int epoch) {
        this.thread = new WeakReference<>(thread);
        this.threadId = thread.getId();
        this.epoch = epoch;
    }

    /** Owner only: a probed call began. A new epoch forgets calls opened in the previous one. */
    void push(int id, long start, int currentEpoch) {
        beginWrite();
        if (epoch != currentEpoch) {
            epoch = currentEpoch;
            depth = 0;
        }
        if (depth < MAX_DEPTH) {
            openIds[depth] = id;
            openStarts[depth] = start;
        }
        depth++;
        endWrite();
    }

    /**
     * Owner only: a probed call ended. Calls end innermost first; one that was not pushed in this
     * epoch (recording was off when it began) is ignored.
     */
    void pop(int id, long start, long end, int currentEpoch) {
        if (epoch != currentEpoch || depth == 0) {
            return;
        }
        int level = openLevelOf(id, start);
        if (level < 0) {
            return;
        }
        beginWrite();
        depth = level;
        int slot = (int) (finished & MASK);
        doneIds[slot] = id;
        doneDepths[slot] = level;
        doneStarts[slot] = start;
        doneEnds[slot] = end;
        finished++;
        endWrite();
    }

    /**
     * Any thread: the id of the innermost probed call open on this thread at {@code nanos}, or -1
     * if none is known (none was, it finished long enough ago to leave the ring, or the thread
     * kept writing during every attempt).
     *
     * @param openCallsValid false when the open calls belong to an epoch no longer recorded
     */
    int innermostAt(long nanos, boolean openCallsValid) {
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            long before = (long) SEQ.getAcquire(this);
            if ((before & 1) == 0) {
                int answer = innermostUnchecked(nanos, openCallsValid);
                VarHandle.loadLoadFence();
                if ((long) SEQ.getOpaque(this) == before) {
                    return answer;
                }
            }
            Thread.onSpinWait();
        }
        return -1;
    }

    /** The epoch the open calls were pushed in; racy, for deciding whether they still count. */
    int epoch() {
        return epoch;
    }

    /** Reads without the lock: may see a torn state, which the caller then discards. */
    private int innermostUnchecked(long nanos, boolean openCallsValid) {
        int bestDepth = -1;
        int bestId = -1;
        if (openCallsValid) {
            for (int level = Math.min(Math.max(depth, 0), MAX_DEPTH) - 1; level >= 0; level--) {
                if (openStarts[level] <= nanos) {
                    bestDepth = level;
                    bestId = openIds[level];
                    break;
                }
            }
        }
        long n = finished;
        int kept = (int) Math.min(Math.max(n, 0), RING);
        for (int k = 1; k <= kept; k++) {
            int slot = (int) ((n - k) & MASK);
            // Calls finish in time order, so once one ended before nanos every older one did too.
            if (doneEnds[slot] < nanos) {
                break;
            }
            if (doneStarts[slot] <= nanos && doneDepths[slot] > bestDepth) {
                bestDepth = doneDepths[slot];
                bestId = doneIds[slot];
            }
        }
        return bestId;
    }

    /** The level of the open call (id, start), searched from the top, or -1. */
    private int openLevelOf(int id, long start) {
        int top = depth - 1;
        if (top >= MAX_DEPTH) {
            // Not stored: trust the calls to end innermost first.
            return top;
        }
        for (int level = top; level >= 0; level--) {
            if (openIds[level] == id && openStarts[level] == start) {
                return level;
            }
        }
        return -1;
    }

    private void beginWrite() {
        long s = (long) SEQ.get(this);
        SEQ.setOpaque(this, s + 1);
        // The data stores below must not become visible before the odd sequence number.
        VarHandle.storeStoreFence();
    }

    private void endWrite() {
        long s = (long) SEQ.get(this);
        SEQ.setRelease(this, s + 1);
    }
}
