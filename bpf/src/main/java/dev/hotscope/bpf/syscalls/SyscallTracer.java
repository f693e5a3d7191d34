package dev.hotscope.bpf.syscalls;

import dev.hotscope.bpf.BpfMap;
import dev.hotscope.bpf.BpfObject;
import dev.hotscope.bpf.Capabilities;
import dev.hotscope.bpf.EventBudget;
import dev.hotscope.bpf.PerCpuCounters;
import dev.hotscope.bpf.RingBuffer;
import dev.hotscope.bpf.TargetGoneException;
import dev.hotscope.bpf.hist.Log2Histogram;
import dev.hotscope.bpf.unwind.UserStackSample;
import dev.hotscope.bpf.unwind.Unwinder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Syscall latency of one process, per thread and system call, from {@code syscalls.bpf.c}:
 * in-kernel log2 histograms, a record with stacks for every call at or above a threshold, and the
 * calls in flight right now (so a thread stuck for seconds shows before it returns).
 *
 * <p>Not thread-safe: one thread polls; {@link #close()} may come from any thread.
 */
public final class SyscallTracer implements AutoCloseable {
    static final String OBJECT = "dev/hotscope/bpf/programs/syscalls.bpf.o";
    /** HS_SYSCALLS_NO_STACKS in syscalls.h. */
    private static final int NO_STACKS = 1;
    private static final int KERNEL_STACK_BYTES = 32;
    private static final int KERNEL_STACK = 40;
    private static final int KERNEL_FRAMES = 32;
    private static final int USER_STACK_SAMPLE = KERNEL_STACK + 8 * KERNEL_FRAMES;
    private static final int HIST_SLOTS = 32;

    private final long pid;
    private final BpfObject object;
    private final RingBuffer events;
    private final Consumer<SyscallEvent> listener;
    private final Unwinder unwinder;
    private final long startedNanos = System.nanoTime();

    private SyscallTracer(long pid, BpfObject object, Consumer<SyscallEvent> listener) {
        this.pid = pid;
        this.object = object;
        this.listener = listener;
        this.unwinder = Unwinder.forProcess(pid);
        this.events = RingBuffer.open(object.map("events"), this::decode);
    }

    /**
     * Loads and attaches the program for one process.
     *
     * @param pid the process to trace
     * @param threshold calls at least this slow are reported to {@code listener} with stacks; not null
     * @param listener receives slow calls on the polling thread; not null
     * @return the running tracer; close it
     * @throws TargetGoneException if the process does not exist
     * @throws dev.hotscope.bpf.BpfException (a subclass says which) if tracing is not possible here
     */
    public static SyscallTracer start(long pid, Duration threshold, Consumer<SyscallEvent> listener) {
        return start(pid, threshold, true, listener);
    }

    /**
     * Loads and attaches the program for one process, with or without stacks. Without, each slow call is a
     * 40-byte record instead of one carrying a 16 KiB copy of the user stack, so far fewer are lost when
     * many calls are slow enough to send.
     *
     * @param pid the process to trace
     * @param threshold calls at least this slow are reported to {@code listener}; not null
     * @param stacks whether the events carry kernel and user stacks
     * @param listener receives slow calls on the polling thread; not null
     * @return the running tracer; close it
     * @throws TargetGoneException if the process does not exist
     * @throws dev.hotscope.bpf.BpfException (a subclass says which) if tracing is not possible here
     */
    public static SyscallTracer start(long pid, Duration threshold, boolean stacks, Consumer<SyscallEvent> listener) {
        return start(pid, threshold, stacks, EventBudget.unlimited(), listener);
    }

    /**
     * Loads and attaches the program for one process, sending at most {@code budget} slow calls a
     * second: the rest are counted as {@link SyscallCounters#throttled()} and, like every call, in
     * the histograms.
     *
     * @param pid the process to trace
     * @param threshold calls at least this slow are reported to {@code listener}; not null
     * @param stacks whether the events carry kernel and user stacks
     * @param budget the most slow calls sent per second; not null
     * @param listener receives slow calls on the polling thread; not null
     * @return the running tracer; close it
     * @throws TargetGoneException if the process does not exist
     * @throws dev.hotscope.bpf.BpfException (a subclass says which) if tracing is not possible here
     */
    public static SyscallTracer start(long pid, Duration threshold, boolean stacks, EventBudget budget,
                                      Consumer<SyscallEvent> listener) {
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(listener, "listener");
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new TargetGoneException(pid, 3);
        }
        Capabilities.current().require();
        BpfObject object = BpfObject.openResource(OBJECT);
        try {
            ByteBuffer config = object.rodata().order(ByteOrder.nativeOrder());
            config.putInt(0, (int) pid);
            config.putInt(4, stacks ? 0 : NO_STACKS);
            config.putLong(8, threshold.toNanos());
            config.putLong(16, budget.perWindow());
            object.load();
            object.program("hs_sys_enter").attachRawTracepoint("sys_enter");
            object.program("hs_sys_exit").attachRawTracepoint("sys_exit");
            object.program("hs_thread_exit").attachTracepoint("sched", "sched_process_exit");
            return new SyscallTracer(pid, object, listener);
        } catch (RuntimeException | Error e) {
            object.close(); // never leave the global raw_syscalls programs attached
            throw e;
        }
    }

    /** The traced process. */
    public long pid() {
        return pid;
    }

    /**
     * Waits up to {@code timeout} for slow-call records and hands them to the listener.
     *
     * @param timeout how long to wait when there is nothing; not null
     * @return records handled
     */
    public int poll(Duration timeout) {
        return events.poll(timeout);
    }

    /** Every histogram the kernel holds, one per thread and system call. */
    public List<SyscallHistogram> histograms() {
        List<SyscallHistogram> out = new ArrayList<>();
        for (BpfMap.Entry entry : object.map("hists").entries()) {
            ByteBuffer key = ByteBuffer.wrap(entry.key()).order(ByteOrder.nativeOrder());
            ByteBuffer value = ByteBuffer.wrap(entry.value()).order(ByteOrder.nativeOrder());
            long[] slots = new long[HIST_SLOTS];
            for (int i = 0; i < HIST_SLOTS; i++) {
                slots[i] = value.getLong(8 * i);
            }
            out.add(new SyscallHistogram(key.getInt(0), key.getInt(4), new Log2Histogram(slots),
                value.getLong(8 * HIST_SLOTS), value.getLong(8 * HIST_SLOTS + 8)));
        }
        return out;
    }

    /**
     * The calls in flight now, longest first: those the program saw begin, and those that began
     * before tracing (found through {@code /proc}, timed from when tracing began).
     */
    public List<InflightCall> inflight() {
        Map<Integer, Integer> blocked = ProcSyscalls.blockedThreads(pid);
        long now = System.nanoTime();
        List<InflightCall> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (BpfMap.Entry entry : object.map("inflight").entries()) {
            ByteBuffer key = ByteBuffer.wrap(entry.key()).order(ByteOrder.nativeOrder());
            ByteBuffer value = ByteBuffer.wrap(entry.value()).order(ByteOrder.nativeOrder());
            long start = value.getLong(0);
            seen.add(key.getInt(0));
            if (start == 0) {
                continue; // the thread's slot, between calls
            }
            out.add(new InflightCall(key.getInt(0), value.getInt(8), start, Math.max(0, now - start), false));
        }
        for (Map.Entry<Integer, Integer> thread : blocked.entrySet()) {
            if (!seen.contains(thread.getKey())) {
                out.add(new InflightCall(thread.getKey(), thread.getValue(), startedNanos, now - startedNanos, true));
            }
        }
        out.sort((a, b) -> Long.compare(b.elapsedNanos(), a.elapsedNanos()));
        return out;
    }

    /** What the program counted about itself, and what the consumer could not handle. */
    public SyscallCounters counters() {
        long[] sums = PerCpuCounters.of(object.map("counters")).sums();
        return new SyscallCounters(sums[0], sums[1], sums[2], sums[3], sums[4], events.handlerErrors());
    }

    /** Detaches and unloads; idempotent. */
    @Override
    public void close() {
        events.close();
        object.close();
    }

    private void decode(ByteBuffer record) {
        ByteBuffer r = record.order(ByteOrder.nativeOrder());
        if (r.remaining() <= KERNEL_STACK) { // hs_syscall_event_head: sent without stacks
            listener.accept(new SyscallEvent(r.getInt(0), r.getInt(4), r.getLong(8), r.getLong(16), r.getLong(24),
                new long[0], new long[0], 0));
            return;
        }
        long[] kernel = frames(r, KERNEL_STACK, r.getInt(KERNEL_STACK_BYTES), KERNEL_FRAMES);
        UserStackSample sample = UserStackSample.view(r, USER_STACK_SAMPLE);
        long[] user = unwind(sample);
        listener.accept(new SyscallEvent(r.getInt(0), r.getInt(4), r.getLong(8), r.getLong(16), r.getLong(24),
            user, kernel, sample.size() == 0 ? sample.error() : 0));
    }

    /** The user stack's return addresses, innermost first; just the pc if it cannot be unwound. */
    private long[] unwind(UserStackSample sample) {
        try {
            return unwinder.unwind(sample).addresses();
        } catch (RuntimeException e) {
            return sample.ip() == 0 ? new long[0] : new long[] {sample.ip()};
        }
    }

    private static long[] frames(ByteBuffer r, int offset, int bytes, int max) {
        int n = Math.max(0, Math.min(bytes / 8, max));
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.getLong(offset + 8 * i);
        }
        return out;
    }
}
