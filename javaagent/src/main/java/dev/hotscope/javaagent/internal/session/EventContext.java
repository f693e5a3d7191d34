package dev.hotscope.javaagent.internal.session;

import dev.hotscope.bpf.symbols.Symbolizer;
import dev.hotscope.jfr.events.ThreadEvent;
import java.util.function.BiFunction;

/**
 * What every feature needs to turn a kernel record into a JFR event about a thread: the thread's
 * identity, the stack (in-process if one was taken while it waited, else the BPF stack
 * symbolized), the innermost probed method, and the wall-clock time. Used by the agent's thread only.
 */
final class EventContext {
    static final String IN_PROCESS = "in-process";
    static final String NONE = "none";

    private final JavaThreads threads;
    private final InflightStacks inflight;
    private final StackText stackText;
    private final Clock clock = new Clock();
    private final OwnThreads own;
    private static final int MAX_PENDING = 10_000;
    private final java.util.List<Pending> pending = new java.util.ArrayList<>();
    private final java.util.Set<String> failuresLogged = new java.util.HashSet<>();
    private volatile BiFunction<Thread, Long, String> probedMethods = (thread, nanos) -> null;

    EventContext(JavaThreads threads, InflightStacks inflight, Symbolizer symbols, OwnThreads own) {
        this.threads = threads;
        this.inflight = inflight;
        this.stackText = symbols == null ? null : new StackText(symbols);
        this.own = own;
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
     */
    void commit(ThreadEvent e) {
        if (e.javaThread == null && pending.size() < MAX_PENDING && !threads.info(e.osThreadId).isJavaThread()) {
            pending.add(new Pending(e, threads.generation()));
            return;
        }
        e.commit();
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
            p.event.javaThread = threads.thread(p.event.osThreadId);
            p.event.threadName = threads.name(p.event.osThreadId);
            p.event.commit();
            return true;
        });
    }

    /**
     * Fills the fields common to events about one thread.
     *
     * @param bpfSource what the BPF stack is ({@code bpf-fp}, {@code bpf-dwarf}) when no in-process
     *     stack was taken
     */
    void fill(ThreadEvent e, long tid, long startNanos, long[] userStack, long[] kernelStack, String bpfSource) {
        Thread thread = threads.thread(tid);
        e.osThreadId = tid;
        e.javaThread = thread;
        e.threadName = threads.name(tid);
        e.began = clock.epochMillis(startNanos);
        String taken = inflight.take(tid, startNanos);
        if (taken != null) {
            e.stack = taken;
            e.stackSource = IN_PROCESS;
        } else if (stackText != null && (length(userStack) > 0 || length(kernelStack) > 0)) {
            e.stack = stackText.ofAddresses(userStack, kernelStack);
            e.stackSource = bpfSource;
        } else {
            e.stack = "";
            e.stackSource = NONE;
        }
        e.probedMethod = thread == null ? null : probedMethods.apply(thread, startNanos);
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

    Thread javaThread(long tid) {
        return tid <= 0 ? null : threads.thread(tid);
    }

    long epochMillis(long monotonicNanos) {
        return clock.epochMillis(monotonicNanos);
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
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            threads.refreshIfDue();
        }
    }

    private record Pending(ThreadEvent event, long generation) {}

    private static int length(long[] a) {
        return a == null ? 0 : a.length;
    }
}
