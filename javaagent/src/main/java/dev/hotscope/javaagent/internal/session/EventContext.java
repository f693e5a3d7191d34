package dev.hotscope.javaagent.internal.session;

import dev.hotscope.bpf.symbols.Symbolizer;
import dev.hotscope.jfr.events.ThreadEvent;
import dev.hotscope.jfr.writer.AttributedEvent;
import dev.hotscope.jfr.writer.StackFrame;
import dev.hotscope.jfr.writer.ThreadIdentity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import jdk.jfr.Event;

/**
 * What every feature needs to turn a kernel record into a JFR event about a thread: the thread's
 * identity, the stack (in-process if one was taken while it waited, completed with BPF's kernel and
 * native frames, else the BPF stack symbolized), the innermost probed method, and the wall-clock time.
 * Each committed event also goes, with its real interval, thread and frames, to the written
 * recording. Used by the agent's thread only.
 */
final class EventContext {
    static final String IN_PROCESS = "in-process";
    static final String NONE = "none";
    private static final int MAX_PENDING = 10_000;

    private final JavaThreads threads;
    private final InflightStacks inflight;
    private final StackText stackText;
    private final Clock clock = new Clock();
    private final OwnThreads own;
    private final Consumer<AttributedEvent> written;
    private final List<Pending> pending = new ArrayList<>();
    private final Set<String> failuresLogged = new HashSet<>();
    /** Java thread id to the identity last seen, for Thread fields other than the one an event is about. */
    private final Map<Long, ThreadIdentity> identities = new HashMap<>();
    private final PeriodicHistograms histograms;
    private final BooleanSupplier inProcess;
    private volatile BiFunction<Thread, Long, String> probedMethods = (thread, nanos) -> null;

    /**
     * @param written takes every event for the session's file, with its thread and stack
     * @param inProcess whether in-process commits reach a recording other than the session's
     */
    EventContext(JavaThreads threads, InflightStacks inflight, Symbolizer symbols, OwnThreads own,
            Consumer<AttributedEvent> written, BooleanSupplier inProcess) {
        this.threads = threads;
        this.inflight = inflight;
        this.stackText = symbols == null ? null : new StackText(symbols);
        this.own = own;
        this.written = written;
        this.inProcess = inProcess;
        this.histograms = new PeriodicHistograms(inProcess);
    }

    /** The latest in-kernel histograms, emitted by JFR as a periodic event. */
    PeriodicHistograms histograms() {
        return histograms;
    }

    /** Whether records of this thread are to be dropped: it is one of the agent's. */
    boolean ignored(long tid) {
        return own.contains(tid);
    }

    /** Installs the lookup of the innermost probed method on a thread at a System.nanoTime instant. */
    void probedMethods(BiFunction<Thread, Long, String> lookup) {
        this.probedMethods = lookup;
    }

    /**
     * Commits an event about a thread, or, when the thread is not yet in the JVM's thread list (it
     * started after the last dump), holds it until the next dump names it, at most about a second.
     *
     * @param where what {@link #fill} returned for the event
     */
    void commit(ThreadEvent e, Attribution where) {
        if (e.javaThread == null) {
            // The thread list may have been refreshed since fill(): look again before holding the event.
            e.javaThread = javaThread(e.osThreadId);
            if (e.javaThread != null) {
                e.threadName = threads.name(e.osThreadId);
            } else if (pending.size() < MAX_PENDING && !threads.info(e.osThreadId).isJavaThread()) {
                pending.add(new Pending(e, where, threads.generation()));
                return;
            }
        }
        commitNow(e, where);
    }

    /** Commits an event about no particular thread (a GC pause, a safepoint) with its real interval. */
    void commitUnattributed(Event e, long startNanos, long durationNanos) {
        commitInProcess(e);
        written.accept(new AttributedEvent(e, startNanos, durationNanos, null, List.of()));
    }

    /**
     * Writes the latest in-kernel histograms, cumulative since the start, on their threads. Called at
     * the end, after the last thread dump, so threads started late have their Java thread.
     */
    void writeFinalHistograms() {
        long now = System.nanoTime();
        for (PeriodicHistograms.Snapshot s : histograms.latest()) {
            Thread thread = s.javaThread() != null ? s.javaThread() : javaThread(s.osThreadId());
            PeriodicHistograms.Snapshot resolved = s.withThread(thread, threads.name(s.osThreadId()));
            written.accept(new AttributedEvent(resolved.event(), now, 0,
                ThreadIdentity.of(thread, s.osThreadId(), resolved.threadName()), List.of()));
        }
    }

    /** Commits an event about the agent itself (status, lost counts), written as of now. */
    void commitInstant(Event e) {
        commitUnattributed(e, System.nanoTime(), 0);
    }

    /** The session's file gets the event from its own chunk; other recordings need the in-process commit. */
    private void commitInProcess(Event e) {
        if (inProcess.getAsBoolean()) {
            e.commit();
        }
    }

    private void commitNow(ThreadEvent e, Attribution where) {
        commitInProcess(e);
        ThreadIdentity thread = ThreadIdentity.of(e.javaThread, e.osThreadId, e.threadName);
        written.accept(new AttributedEvent(e, where.startNanos, where.durationNanos, thread, where.frames));
    }

    /** The identity of a Java thread held in an event field, as last seen by this context. */
    @SuppressWarnings("deprecation") // getId(): threadId() is 19+ and the same
    ThreadIdentity identity(Thread t) {
        ThreadIdentity known = identities.get(t.getId());
        return known != null ? known : ThreadIdentity.of(t, 0, null);
    }

    /** Commits held events whose thread a newer dump has named, or has shown to be no Java thread. */
    void flushPending(boolean all) {
        if (pending.isEmpty()) {
            return;
        }
        threads.refreshIfDue();
        if (all) {
            awaitNextDump();
        }
        long generation = threads.generation();
        pending.removeIf(p -> {
            if (!all && p.generation == generation) {
                return false;
            }
            p.event.javaThread = javaThread(p.event.osThreadId);
            p.event.threadName = threads.name(p.event.osThreadId);
            commitNow(p.event, p.where);
            return true;
        });
    }

    /**
     * Fills the fields common to events about one thread.
     *
     * @param durationNanos the measured interval, the written event's duration
     * @param bpfSource what the BPF stack is ({@code bpf-fp}, {@code bpf-dwarf}) when no in-process
     *     stack was taken
     * @return where and when the event happened, for {@link #commit}
     */
    Attribution fill(ThreadEvent e, long tid, long startNanos, long durationNanos, long[] userStack, long[] kernelStack,
            String bpfSource) {
        Thread thread = javaThread(tid);
        e.osThreadId = tid;
        e.javaThread = thread;
        e.threadName = threads.name(tid);
        e.began = clock.epochMillis(startNanos);
        Sourced stack = stackOf(tid, startNanos, startNanos + durationNanos, userStack, kernelStack);
        e.stackSource = stack.source != null ? stack.source : bpfSource;
        e.stack = stack.stack.text();
        e.probedMethod = thread == null ? null : probedMethods.apply(thread, startNanos);
        return new Attribution(startNanos, durationNanos, stack.stack.frames());
    }

    private Sourced stackOf(long tid, long startNanos, long endNanos, long[] userStack, long[] kernelStack) {
        Stack taken = inflight.take(tid, startNanos, endNanos);
        if (taken != null) {
            return new Sourced(stackText == null ? taken : stackText.merged(taken, userStack, kernelStack), IN_PROCESS);
        }
        if (stackText != null && (length(userStack) > 0 || length(kernelStack) > 0)) {
            return new Sourced(stackText.ofAddresses(userStack, kernelStack), null);
        }
        return new Sourced(Stack.NONE, NONE);
    }

    /** The first failure turning a record into an event is logged with its cause; the rest are counted. */
    void recordFailure(String feature, RuntimeException e) {
        if (failuresLogged.add(feature)) {
            StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
            AgentLog.line(feature + ": a record could not be turned into an event: " + e + (at == null ? "" : " at " + at)
                + "; such records are counted in hotscope.LostEvents");
        }
    }

    String threadName(long tid) {
        return threads.name(tid);
    }

    /** The Java thread with that kernel id, or null; remembered for {@link #identity}. */
    Thread javaThread(long tid) {
        Thread thread = tid <= 0 ? null : threads.thread(tid);
        if (thread != null) {
            ThreadIdentity id = ThreadIdentity.of(thread, tid, threads.name(tid));
            identities.put(id.javaThreadId(), id);
        }
        return thread;
    }

    long epochMillis(long monotonicNanos) {
        return clock.epochMillis(monotonicNanos);
    }

    /** The wall-clock time of a BPF timestamp, as {@code began} fields and the written file both have it. */
    long epochNanos(long monotonicNanos) {
        return clock.epochNanos(monotonicNanos);
    }

    /** Takes the in-process stack of a thread still waiting, once per wait. */
    void captureIfWaiting(long tid, long startNanos) {
        if (own.contains(tid) || inflight.has(tid, startNanos)) {
            return;
        }
        Thread thread = threads.thread(tid);
        if (thread == null) {
            return;
        }
        StackTraceElement[] stack = thread.getStackTrace();
        if (stack.length > 0) {
            inflight.put(tid, startNanos, StackText.ofJava(stack));
        }
    }

    void expireStacks() {
        inflight.expire();
    }

    /** At the end, held events wait for one more dump (dumps are at most one a second) to get their thread. */
    private void awaitNextDump() {
        long oldest = Long.MAX_VALUE;
        for (Pending p : pending) {
            oldest = Math.min(oldest, p.generation);
        }
        long deadline = System.nanoTime() + 1_500_000_000L;
        while (threads.generation() <= oldest && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000L);
            threads.refreshIfDue();
        }
    }

    private static int length(long[] a) {
        return a == null ? 0 : a.length;
    }

    /** The event's interval and the frames of its thread, for the written recording. */
    record Attribution(long startNanos, long durationNanos, List<StackFrame> frames) {}

    private record Pending(ThreadEvent event, Attribution where, long generation) {}

    private record Sourced(Stack stack, String source) {}
}
