package dev.hotscope.javaagent.internal.methods;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which probed method each thread was in, and when: answers "which probed method was
 * innermost-active on thread T at time t" for the agent's correlation of kernel events with Java
 * code. Times are on the {@link System#nanoTime()} clock (CLOCK_MONOTONIC on Linux, the clock BPF's
 * {@code bpf_ktime_get_ns} reads).
 *
 * <p>Off until {@link #setRecording(boolean) setRecording(true)}: recording costs each probed call a
 * thread-local lookup and a few stores, which probes that nobody traces should not pay. Per thread
 * it keeps the open calls (up to {@value ThreadTimeline#MAX_DEPTH} deep) and the last
 * {@value ThreadTimeline#RING} finished ones, so a question about a moment further back than that
 * may be answered with an enclosing call or null. Each thread writes only its own record; readers
 * on any thread never block it. Timelines of threads that died and were collected are dropped.
 */
public final class MethodTimeline {
    /** Sweep dead threads' timelines after this many new threads. */
    private static final int SWEEP_EVERY = 64;

    private final MethodRegistry registry;
    private final ThreadLocal<ThreadTimeline> mine = new ThreadLocal<>();
    private final Map<Long, ThreadTimeline> byThreadId = new ConcurrentHashMap<>();
    private volatile boolean recording;
    /** Changes at every switch, so calls opened before a pause are not taken as still open. */
    private volatile int epoch;
    private int newThreads; // racy counter: an approximate sweep rhythm is enough

    MethodTimeline(MethodRegistry registry) {
        this.registry = registry;
    }

    /**
     * Starts or stops recording probed calls. Calls already open when recording starts are not
     * seen; calls open when it stops are forgotten.
     *
     * @param on whether to record
     */
    public synchronized void setRecording(boolean on) {
        if (on != recording) {
            epoch++;
            recording = on;
        }
    }

    /**
     * Whether probed calls are being recorded.
     *
     * @return the value last set; false at first
     */
    public boolean isRecording() {
        return recording;
    }

    /**
     * The innermost probed method that was running on a thread at a moment.
     *
     * @param thread the thread; not null
     * @param nanos the moment, on the {@link System#nanoTime()} clock
     * @return the method's name ({@code class#method(parameter types)}), or null if none was
     *     running then or it is no longer known
     * @throws NullPointerException if the thread is null
     */
    public String innermostAt(Thread thread, long nanos) {
        return innermostAt(thread.getId(), nanos);
    }

    /**
     * The innermost probed method that was running on a thread at a moment.
     *
     * @param javaThreadId the thread's {@link Thread#getId() id}
     * @param nanos the moment, on the {@link System#nanoTime()} clock
     * @return the method's name, or null if none was running then, it is no longer known, or the
     *     thread never ran a probed method while recording
     */
    public String innermostAt(long javaThreadId, long nanos) {
        return registry.name(innermostIdAt(javaThreadId, nanos));
    }

    /** As {@link #innermostAt(long, long)}, the probe id or -1. */
    int innermostIdAt(long javaThreadId, long nanos) {
        ThreadTimeline timeline = byThreadId.get(javaThreadId);
        if (timeline == null) {
            return -1;
        }
        boolean openCallsValid = recording && timeline.epoch() == epoch;
        return timeline.innermostAt(nanos, openCallsValid);
    }

    /** Hot path, calling thread: a probed call began. */
    void push(int id, long start) {
        int current = epoch;
        ThreadTimeline timeline = mine.get();
        if (timeline == null) {
            timeline = register(current);
        }
        timeline.push(id, start, current);
    }

    /** Hot path, calling thread: a probed call ended. */
    void pop(int id, long start, long end) {
        ThreadTimeline timeline = mine.get();
        if (timeline != null) {
            timeline.pop(id, start, end, epoch);
        }
    }

    /** How many threads have a timeline now. */
    int threads() {
        return byThreadId.size();
    }

    private ThreadTimeline register(int currentEpoch) {
        Thread thread = Thread.currentThread();
        ThreadTimeline timeline = new ThreadTimeline(thread, currentEpoch);
        mine.set(timeline);
        byThreadId.put(timeline.threadId, timeline);
        if (++newThreads % SWEEP_EVERY == 0) {
            sweepCollectedThreads();
        }
        return timeline;
    }

    private void sweepCollectedThreads() {
        for (Iterator<ThreadTimeline> it = byThreadId.values().iterator(); it.hasNext(); ) {
            if (it.next().thread.get() == null) {
                it.remove();
            }
        }
    }
}
