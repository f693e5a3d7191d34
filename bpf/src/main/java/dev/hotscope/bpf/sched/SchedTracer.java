package dev.hotscope.bpf.sched;

import dev.hotscope.bpf.BpfMap;
import dev.hotscope.bpf.BpfObject;
import dev.hotscope.bpf.Capabilities;
import dev.hotscope.bpf.PerCpuCounters;
import dev.hotscope.bpf.RingBuffer;
import dev.hotscope.bpf.TargetGoneException;
import dev.hotscope.bpf.hist.Log2Histogram;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Scheduler latency of one process, per thread, from {@code sched.bpf.c}: every off-CPU interval
 * at least a threshold long (why, who woke the thread, how much of it was spent waiting for a CPU,
 * and the stacks it switched out with), every run-queue wait at least a threshold long, in-kernel
 * per-thread totals, off-CPU (per reason) and run-queue histograms, and the threads off CPU right
 * now. Records are sent within the config's event budgets; the totals and histograms count all.
 *
 * <p>Not thread-safe: one thread polls and reads; {@link #close()} may come from any thread.
 */
public final class SchedTracer implements AutoCloseable {
    static final String OBJECT = "dev/hotscope/bpf/programs/sched.bpf.o";

    // struct hs_sched_config (sched.h)
    private static final int CFG_TGID = 0;
    private static final int CFG_USER_STACKS = 4;
    private static final int CFG_KERNEL_STACKS = 8;
    private static final int CFG_USER_FRAMES = 12;
    private static final int CFG_MIN_OFFCPU = 16;
    private static final int CFG_MIN_RUNQ = 24;
    private static final int CFG_OFFCPU_BUDGET = 32;
    private static final int CFG_RUNQ_BUDGET = 40;

    // struct hs_sched_thread
    private static final int T_OFF_SINCE = 8;
    private static final int T_OFF_REASON = 24;
    private static final int T_ON_CPU = 48;
    private static final int T_OFF_CPU = 56;
    private static final int T_SWITCHES = 80;
    private static final int T_RUNQ = 104;
    private static final int T_HIST = 112;
    private static final int HIST_SLOTS = 32;
    private static final int T_HIST_COUNT = T_HIST + 8 * HIST_SLOTS;
    private static final int T_HIST_SUM = T_HIST_COUNT + 8;
    private static final int HIST_BYTES = 8 * (HIST_SLOTS + 2);
    private static final int T_OFFCPU_HISTS = T_HIST + HIST_BYTES;

    // ring buffer records: struct hs_sched_offcpu_event / hs_sched_runq_event
    private static final int KIND_OFFCPU = 1;
    private static final int KIND_RUNQ = 2;
    private static final int OFFCPU_BYTES = 56 + 8 * (SchedConfig.MAX_USER_FRAMES + SchedConfig.KERNEL_FRAMES);
    private static final int RUNQ_BYTES = 32;
    private static final int E_USER_STACK = 56;
    private static final int E_KERNEL_STACK = E_USER_STACK + 8 * SchedConfig.MAX_USER_FRAMES;

    private static final long[] NO_FRAMES = new long[0];
    private static final List<String> INTERRUPT_ENTRIES = List.of("irq_handler_entry", "softirq_entry", "hrtimer_expire_entry");
    private static final List<String> INTERRUPT_EXITS = List.of("irq_handler_exit", "softirq_exit", "hrtimer_expire_exit");

    private final long pid;
    private final BpfObject object;
    private final RingBuffer events;
    private final Consumer<OffCpuEvent> offCpu;
    private final Consumer<RunQueueEvent> runQueue;
    private final Set<Long> ignored = ConcurrentHashMap.newKeySet();
    private final long startedNanos = System.nanoTime();

    private SchedTracer(long pid, BpfObject object, Consumer<OffCpuEvent> offCpu, Consumer<RunQueueEvent> runQueue) {
        this.pid = pid;
        this.object = object;
        this.offCpu = offCpu;
        this.runQueue = runQueue;
        this.events = RingBuffer.openInPlace(object.map("events"), this::decode);
    }

    /**
     * Loads and attaches the program for one process.
     *
     * @param pid the process to trace
     * @param config thresholds and stack capture; not null
     * @param offCpu receives off-CPU intervals on the polling thread; not null
     * @param runQueue receives run-queue waits on the polling thread; not null
     * @return the running tracer; close it
     * @throws TargetGoneException if the process does not exist, or exited while tracing began
     * @throws dev.hotscope.bpf.BpfException (a subclass says which) if tracing is not possible here
     */
    public static SchedTracer start(long pid, SchedConfig config, Consumer<OffCpuEvent> offCpu,
                                    Consumer<RunQueueEvent> runQueue) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(offCpu, "offCpu");
        Objects.requireNonNull(runQueue, "runQueue");
        requireAlive(pid);
        Capabilities.current().require();
        BpfObject object = BpfObject.openResource(OBJECT);
        try {
            configure(object.rodata().order(ByteOrder.nativeOrder()), pid, config);
            object.setMaxEntries("threads", config.maxThreads());
            object.load();
            attachInterruptDepth(object);
            object.program("hs_sched_switch").attachRawTracepoint("sched_switch");
            object.program("hs_sched_waking").attachRawTracepoint("sched_waking");
            object.program("hs_sched_wakeup").attachRawTracepoint("sched_wakeup");
            object.program("hs_sched_wakeup_new").attachRawTracepoint("sched_wakeup_new");
            object.program("hs_sched_thread_exit").attachTracepoint("sched", "sched_process_exit");
            requireAlive(pid); // it may have exited before the programs were attached: nothing would ever come
            return new SchedTracer(pid, object, offCpu, runQueue);
        } catch (RuntimeException | Error e) {
            object.close(); // never leave the global sched_switch program attached
            throw e;
        }
    }

    /**
     * Exits before entries: an entry seen without its exit would leave the CPU counted as in an
     * interrupt for good, and every later waker on it unknown.
     */
    private static void attachInterruptDepth(BpfObject object) {
        for (String exit : INTERRUPT_EXITS) {
            object.program("hs_interrupt_exit").attachRawTracepoint(exit);
        }
        for (String entry : INTERRUPT_ENTRIES) {
            object.program("hs_interrupt_enter").attachRawTracepoint(entry);
        }
    }

    private static void configure(ByteBuffer cfg, long pid, SchedConfig config) {
        cfg.putInt(CFG_TGID, (int) pid);
        cfg.putInt(CFG_USER_STACKS, SchedConfig.bits(config.userStacks()));
        cfg.putInt(CFG_KERNEL_STACKS, SchedConfig.bits(config.kernelStacks()));
        cfg.putInt(CFG_USER_FRAMES, config.userStackFrames());
        cfg.putLong(CFG_MIN_OFFCPU, config.minOffCpu().toNanos());
        cfg.putLong(CFG_MIN_RUNQ, config.minRunQueue().toNanos());
        cfg.putLong(CFG_OFFCPU_BUDGET, config.offCpuBudget().perWindow());
        cfg.putLong(CFG_RUNQ_BUDGET, config.runQueueBudget().perWindow());
    }

    private static void requireAlive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new TargetGoneException(pid, 3); // ESRCH
        }
    }

    /** The traced process. */
    public long pid() {
        return pid;
    }

    /**
     * Waits up to {@code timeout} for records and hands them to the consumers.
     *
     * @param timeout how long to wait when there is nothing; not null or negative
     * @return records handled; 0 at once when the tracer is closed
     * @throws IllegalArgumentException if the timeout is negative
     * @throws dev.hotscope.bpf.BpfException with errno if waiting on the ring buffer fails
     */
    public int poll(Duration timeout) {
        return events.poll(timeout);
    }

    /**
     * The threads off CPU now, longest first: those the program saw switch out, and those waiting
     * since before tracing began (found through {@code /proc}, timed from when tracing began).
     * Ignored threads are left out.
     *
     * @return a new list; empty once the target has exited
     * @throws IllegalStateException if the tracer is closed
     */
    public List<OffCpuThread> offCpuNow() {
        long now = System.nanoTime();
        List<OffCpuThread> out = new ArrayList<>();
        Set<Long> known = new HashSet<>();
        for (BpfMap.Entry entry : threadEntries()) {
            long tid = tidOf(entry);
            known.add(tid);
            ByteBuffer t = value(entry);
            long since = t.getLong(T_OFF_SINCE);
            OffCpuReason reason = OffCpuReason.ofCode(t.getInt(T_OFF_REASON));
            if (since != 0 && reason != null) {
                out.add(new OffCpuThread(tid, reason, since, Math.max(0, now - since), false));
            }
        }
        for (Map.Entry<Long, OffCpuReason> waiting : ProcThreadStates.waitingThreads(pid).entrySet()) {
            if (!known.contains(waiting.getKey()) && !ignored.contains(waiting.getKey())) {
                out.add(new OffCpuThread(waiting.getKey(), waiting.getValue(), startedNanos, now - startedNanos, true));
            }
        }
        out.sort((a, b) -> Long.compare(b.elapsedNanos(), a.elapsedNanos()));
        return out;
    }

    /**
     * The kernel's totals for every thread it follows (those that switched since tracing began and
     * have not exited), read now.
     *
     * @return a new list, one entry per thread
     * @throws IllegalStateException if the tracer is closed
     */
    public List<ThreadSchedStats> threadStats() {
        List<ThreadSchedStats> out = new ArrayList<>();
        for (BpfMap.Entry entry : threadEntries()) {
            ByteBuffer t = value(entry);
            out.add(new ThreadSchedStats(tidOf(entry), t.getLong(T_ON_CPU), t.getLong(T_OFF_CPU), t.getLong(T_OFF_CPU + 8),
                t.getLong(T_OFF_CPU + 16), t.getLong(T_RUNQ), t.getLong(T_SWITCHES), t.getLong(T_SWITCHES + 8),
                t.getLong(T_SWITCHES + 16)));
        }
        return out;
    }

    /**
     * The run-queue latency histogram of every thread that waited for a CPU at least once.
     *
     * @return a new list, one entry per thread
     * @throws IllegalStateException if the tracer is closed
     */
    public List<RunQueueHistogram> runQueueHistograms() {
        List<RunQueueHistogram> out = new ArrayList<>();
        for (BpfMap.Entry entry : threadEntries()) {
            ByteBuffer t = value(entry);
            long count = t.getLong(T_HIST_COUNT);
            if (count == 0) {
                continue;
            }
            out.add(new RunQueueHistogram(tidOf(entry), histogram(t, T_HIST), count, t.getLong(T_HIST_SUM)));
        }
        return out;
    }

    /**
     * The off-CPU histograms of every thread the kernel follows, one per reason it was off CPU for
     * at least once (intervals still going on are not in them yet).
     *
     * @return a new list
     * @throws IllegalStateException if the tracer is closed
     */
    public List<OffCpuHistogram> offCpuHistograms() {
        List<OffCpuHistogram> out = new ArrayList<>();
        for (BpfMap.Entry entry : threadEntries()) {
            ByteBuffer t = value(entry);
            for (OffCpuReason reason : OffCpuReason.values()) {
                int at = T_OFFCPU_HISTS + reason.ordinal() * HIST_BYTES;
                long count = t.getLong(at + 8 * HIST_SLOTS);
                if (count != 0) {
                    out.add(new OffCpuHistogram(tidOf(entry), reason, histogram(t, at), count,
                        t.getLong(at + 8 * HIST_SLOTS + 8)));
                }
            }
        }
        return out;
    }

    private static Log2Histogram histogram(ByteBuffer t, int at) {
        long[] slots = new long[HIST_SLOTS];
        for (int i = 0; i < HIST_SLOTS; i++) {
            slots[i] = t.getLong(at + 8 * i);
        }
        return new Log2Histogram(slots);
    }

    /**
     * What the program counted about itself, and what the consumers could not handle.
     *
     * @return the counts now
     * @throws IllegalStateException if the tracer is closed
     */
    public SchedCounters counters() {
        long[] sums = PerCpuCounters.of(object.map("counters")).sums();
        return new SchedCounters(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], events.handlerErrors());
    }

    /**
     * Stops following these threads (the agent's own, say): no records, totals or histograms for
     * them from now on, and what the kernel held for them is dropped. Ids that are not, or no
     * longer, threads of the target are skipped, so nothing stays behind for them.
     *
     * @param tids thread ids; not null, no null elements
     * @return how many threads are now ignored that were not before
     * @throws NullPointerException if tids or one of them is null
     * @throws dev.hotscope.bpf.BpfException with E2BIG if the ignore table (4096 threads) is full
     * @throws IllegalStateException if the tracer is closed
     */
    public int ignoreThreads(Collection<Long> tids) {
        Objects.requireNonNull(tids, "tids");
        BpfMap ignore = object.map("ignored");
        BpfMap threads = object.map("threads");
        int added = 0;
        for (Long tid : tids) {
            Objects.requireNonNull(tid, "tid");
            if (ignored.contains(tid) || !ProcThreadStates.isThreadOf(pid, tid)) {
                continue;
            }
            byte[] key = tidKey(tid);
            // Ignored first, then forgotten: the program checks the ignore table only when it meets
            // a thread it does not know.
            ignore.update(key, new byte[] {1});
            threads.delete(key);
            if (!ProcThreadStates.isThreadOf(pid, tid)) {
                ignore.delete(key); // it exited meanwhile, perhaps after the program forgot it
                continue;
            }
            ignored.add(tid);
            added++;
        }
        return added;
    }

    /** The loaded object, for tests that look for its programs, maps and links in the kernel. */
    BpfObject bpfObject() {
        return object;
    }

    /** Detaches and unloads; idempotent. */
    @Override
    public void close() {
        events.close();
        object.close();
    }

    private List<BpfMap.Entry> threadEntries() {
        return object.map("threads").entries();
    }

    private static long tidOf(BpfMap.Entry entry) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(entry.key()).order(ByteOrder.nativeOrder()).getInt(0));
    }

    private static ByteBuffer value(BpfMap.Entry entry) {
        return ByteBuffer.wrap(entry.value()).order(ByteOrder.nativeOrder());
    }

    private static byte[] tidKey(long tid) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt((int) tid).array();
    }

    private void decode(ByteBuffer data, int offset, int length) {
        int kind = data.getInt(offset);
        if (kind == KIND_OFFCPU && length >= OFFCPU_BYTES) {
            offCpu.accept(decodeOffCpu(data, offset));
        } else if (kind == KIND_RUNQ && length >= RUNQ_BYTES) {
            runQueue.accept(decodeRunQueue(data, offset));
        } else {
            // Thrown to be counted as a consumer error: a layout mismatch must not pass unnoticed.
            throw new IllegalStateException("unknown sched record: kind " + kind + ", " + length + " bytes");
        }
    }

    private static OffCpuEvent decodeOffCpu(ByteBuffer r, int at) {
        OffCpuReason reason = OffCpuReason.ofCode(r.getInt(at + 32));
        if (reason == null) {
            throw new IllegalStateException("off-CPU record with unknown reason " + r.getInt(at + 32));
        }
        int userBytes = r.getInt(at + 48);
        int kernelBytes = r.getInt(at + 52);
        return OffCpuEvent.owning(Integer.toUnsignedLong(r.getInt(at + 4)), r.getLong(at + 8), r.getLong(at + 16), reason,
            r.getLong(at + 24), Integer.toUnsignedLong(r.getInt(at + 36)), Integer.toUnsignedLong(r.getInt(at + 40)),
            r.getInt(at + 44), frames(r, at + E_USER_STACK, userBytes, SchedConfig.MAX_USER_FRAMES),
            frames(r, at + E_KERNEL_STACK, kernelBytes, SchedConfig.KERNEL_FRAMES), Math.min(0, userBytes),
            Math.min(0, kernelBytes));
    }

    private static RunQueueEvent decodeRunQueue(ByteBuffer r, int at) {
        RunQueueCause cause = RunQueueCause.ofCode(r.getInt(at + 24));
        if (cause == null) {
            throw new IllegalStateException("run-queue record with unknown cause " + r.getInt(at + 24));
        }
        return new RunQueueEvent(Integer.toUnsignedLong(r.getInt(at + 4)), r.getLong(at + 8), r.getLong(at + 16), cause,
            r.getInt(at + 28));
    }

    private static long[] frames(ByteBuffer r, int offset, int bytes, int max) {
        int n = Math.max(0, Math.min(bytes / 8, max));
        if (n == 0) {
            return NO_FRAMES;
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.getLong(offset + 8 * i);
        }
        return out;
    }
}
