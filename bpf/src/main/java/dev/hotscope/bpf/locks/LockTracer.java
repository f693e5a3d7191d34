package dev.hotscope.bpf.locks;

import dev.hotscope.bpf.BpfAttachException;
import dev.hotscope.bpf.BpfException;
import dev.hotscope.bpf.BpfLink;
import dev.hotscope.bpf.BpfMap;
import dev.hotscope.bpf.BpfObject;
import dev.hotscope.bpf.Capabilities;
import dev.hotscope.bpf.PerCpuCounters;
import dev.hotscope.bpf.RingBuffer;
import dev.hotscope.bpf.TargetGoneException;
import dev.hotscope.bpf.hist.Log2Histogram;
import dev.hotscope.bpf.unwind.Unwinder;
import dev.hotscope.bpf.unwind.UserStackSample;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Lock waits of one process, per thread, from {@code locks.bpf.c}: every futex wait at or above a
 * threshold with the thread that woke it, the run-queue delay after the wake-up and the waiter's
 * user stack; the futex waits in progress now; and, in JVMs started with
 * {@code -XX:+DTraceMonitorProbes}, contended {@code synchronized} enters with the monitor's class.
 * Every wait, however short, is counted in an in-kernel histogram per thread and kind; records are
 * sent within the config's event budget.
 *
 * <p>One thread polls; {@link #waitsNow()}, {@link #counters()}, {@link #ignoreThreads} and
 * {@link #close()} may be called from any thread.
 */
public final class LockTracer implements AutoCloseable {
    static final String OBJECT = "dev/hotscope/bpf/programs/locks.bpf.o";
    private static final int KIND_FUTEX = 1;
    private static final int KIND_MONITOR = 2;
    // struct hs_futex_event (locks.h)
    private static final int F_TID = 4;
    private static final int F_UADDR = 8;
    private static final int F_OP = 16;
    private static final int F_WAKER_TID = 20;
    private static final int F_START = 24;
    private static final int F_DURATION = 32;
    private static final int F_RET = 40;
    private static final int F_WAKE = 48;
    private static final int F_RUNQ = 56;
    private static final int F_WAKER_TGID = 64;
    private static final int F_WAKE_FLAGS = 68;
    private static final int F_WAKER_COMM = 72;
    private static final int F_USER_STACK = 88;
    private static final int COMM_BYTES = 16;
    private static final int WAKE_TIMER = 1;
    // struct hs_monitor_event (locks.h)
    private static final int M_TID = 4;
    private static final int M_JAVA_TID = 8;
    private static final int M_MONITOR = 16;
    private static final int M_START = 24;
    private static final int M_DURATION = 32;
    private static final int M_CLASS_NAME_LEN = 40;
    private static final int M_CLASS_NAME = 48;
    private static final int CLASS_NAME_BYTES = 128;
    // struct hs_futex_wait (locks.h), the values of map `waits`
    private static final int W_UADDR = 8;
    private static final int W_OP = 16;
    // struct hs_locks_hist (locks.h), the values of map `hists`
    private static final int HIST_SLOTS = 32;

    private final long pid;
    private final BpfObject object;
    private final Consumer<FutexWaitEvent> futexWaits;
    private final Consumer<MonitorWaitEvent> monitorWaits;
    private final Unwinder unwinder;
    private final boolean monitorProbesActive;
    private final String problem;
    private final long startedNanos = System.nanoTime();
    private final RingBuffer events;

    private LockTracer(long pid, BpfObject object, Consumer<FutexWaitEvent> futexWaits,
                       Consumer<MonitorWaitEvent> monitorWaits, boolean monitorProbesActive, String problem) {
        this.pid = pid;
        this.object = object;
        this.futexWaits = futexWaits;
        this.monitorWaits = monitorWaits;
        this.monitorProbesActive = monitorProbesActive;
        this.problem = problem;
        this.unwinder = Unwinder.forProcess(pid);
        this.events = RingBuffer.openInPlace(object.map("events"), this::decode);
    }

    /**
     * Loads and attaches the program for one process. Monitor probes that cannot be used (flag off,
     * not a HotSpot JVM, attach refused) do not fail the start: {@link #problem()} says why.
     *
     * @param pid the process to trace
     * @param config the threshold and whether to use monitor probes; not null
     * @param futexWaits receives futex waits on the polling thread; not null
     * @param monitorWaits receives contended monitor enters on the polling thread; not null
     * @return the running tracer; close it
     * @throws TargetGoneException if the process does not exist
     * @throws NullPointerException if an argument is null
     * @throws dev.hotscope.bpf.BpfException (a subclass says which) if tracing is not possible here
     */
    public static LockTracer start(long pid, LockConfig config, Consumer<FutexWaitEvent> futexWaits,
                                   Consumer<MonitorWaitEvent> monitorWaits) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(futexWaits, "futexWaits");
        Objects.requireNonNull(monitorWaits, "monitorWaits");
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new TargetGoneException(pid, 3);
        }
        Capabilities.current().require();
        MonitorProbes.Status probes = config.monitorProbes() ? MonitorProbes.inspect(pid)
            : MonitorProbes.notRequested();
        BpfObject object = BpfObject.openResource(OBJECT);
        try {
            ByteBuffer rodata = object.rodata().order(ByteOrder.nativeOrder());
            rodata.putInt(0, (int) pid);
            rodata.putLong(8, config.minWait().toNanos());
            rodata.putLong(16, config.budget().perWindow());
            object.program("hs_lk_monitor_enter").setAutoload(probes.enabled());
            object.program("hs_lk_monitor_entered").setAutoload(probes.enabled());
            object.load();
            attachFutexPrograms(object);
            String problem = probes.enabled() ? attachMonitorProbes(object, pid, probes) : probes.problem();
            return new LockTracer(pid, object, futexWaits, monitorWaits, problem == null, problem);
        } catch (RuntimeException | Error e) {
            object.close(); // never leave the global sched programs attached
            throw e;
        }
    }

    /**
     * Every exit before its entry: an exit without its entry is ignored, while an entry without its
     * exit would show a wait in progress until the thread's next one, or mark a CPU as inside a
     * timer callback for good.
     */
    private static void attachFutexPrograms(BpfObject object) {
        object.program("hs_lk_futex_exit").attachTracepoint("syscalls", "sys_exit_futex");
        object.program("hs_lk_futex_enter").attachTracepoint("syscalls", "sys_enter_futex");
        try {
            object.program("hs_lk_waitv_exit").attachTracepoint("syscalls", "sys_exit_futex_waitv");
            object.program("hs_lk_waitv_enter").attachTracepoint("syscalls", "sys_enter_futex_waitv");
        } catch (BpfAttachException e) {
            // Before Linux 5.16 there is no futex_waitv, so nothing can wait in it.
        }
        object.program("hs_lk_timer_exit").attachRawTracepoint("hrtimer_expire_exit");
        object.program("hs_lk_timer_entry").attachRawTracepoint("hrtimer_expire_entry");
        object.program("hs_lk_waking").attachRawTracepoint("sched_waking");
        object.program("hs_lk_switch").attachRawTracepoint("sched_switch");
        object.program("hs_lk_thread_exit").attachTracepoint("sched", "sched_process_exit");
    }

    /**
     * Attaches both probes or neither; returns why not, or null. Entered before enter: an entered
     * without its enter is ignored, an enter without its entered would stay in the table.
     */
    private static String attachMonitorProbes(BpfObject object, long pid, MonitorProbes.Status probes) {
        BpfLink entered = null;
        try {
            entered = object.program("hs_lk_monitor_entered").attachUsdt(pid, probes.libjvm(), "hotspot",
                "monitor__contended__entered", 0);
            object.program("hs_lk_monitor_enter").attachUsdt(pid, probes.libjvm(), "hotspot",
                "monitor__contended__enter", 0);
            return null;
        } catch (TargetGoneException e) {
            throw e;
        } catch (BpfException e) {
            if (entered != null) {
                entered.close();
            }
            return "monitor probes off: attaching them to " + probes.libjvm() + " failed: " + e.getMessage();
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
     * @return records handled; 0 once closed
     * @throws IllegalArgumentException if the timeout is negative
     * @throws dev.hotscope.bpf.BpfException with errno if waiting fails
     */
    public int poll(Duration timeout) {
        return events.poll(timeout);
    }

    /**
     * The futex waits in progress now, longest first: those the program saw begin, and those that
     * began before tracing (found through {@code /proc}, timed from when tracing began). Ignored
     * threads are left out.
     *
     * @return a new list
     * @throws IllegalStateException if the tracer is closed
     * @throws dev.hotscope.bpf.BpfException with errno if the kernel fails the map read
     */
    public List<InflightWait> waitsNow() {
        Map<Integer, ProcFutexWaits.Blocked> blocked = ProcFutexWaits.blockedThreads(pid);
        Set<Integer> ignored = threadIds(object.map("ignored").keys());
        long now = System.nanoTime();
        List<InflightWait> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (BpfMap.Entry entry : object.map("waits").entries()) {
            int tid = threadId(entry.key());
            ByteBuffer value = ByteBuffer.wrap(entry.value()).order(ByteOrder.nativeOrder());
            long start = value.getLong(0);
            if (start == 0 || ignored.contains(tid)) {
                continue; // the thread's slot between waits
            }
            seen.add(tid);
            long elapsed = Math.max(0, now - start);
            out.add(new InflightWait(tid, value.getLong(W_UADDR), value.getInt(W_OP), start, elapsed, false));
        }
        for (Map.Entry<Integer, ProcFutexWaits.Blocked> thread : blocked.entrySet()) {
            int tid = thread.getKey();
            if (!seen.contains(tid) && !ignored.contains(tid)) {
                ProcFutexWaits.Blocked wait = thread.getValue();
                out.add(new InflightWait(tid, wait.uaddr(), wait.op(), startedNanos, now - startedNanos, true));
            }
        }
        out.sort((a, b) -> Long.compare(b.elapsedNanos(), a.elapsedNanos()));
        return out;
    }

    /**
     * Stops recording the given threads (e.g. the tracing agent's own), including a wait one of them
     * is in now. Cumulative; an entry is dropped when its thread exits.
     *
     * @param tids OS thread ids; not null, no nulls
     * @throws IllegalArgumentException if a tid is not positive or above {@code Integer.MAX_VALUE}
     * @throws IllegalStateException if the tracer is closed
     * @throws dev.hotscope.bpf.BpfException with errno if the kernel refuses (E2BIG: more than 4096 ignored)
     */
    public void ignoreThreads(Collection<Long> tids) {
        Objects.requireNonNull(tids, "tids");
        List<Integer> checked = new ArrayList<>(tids.size());
        for (Long tid : tids) {
            Objects.requireNonNull(tid, "tid");
            if (tid <= 0 || tid > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("not a thread id: " + tid);
            }
            checked.add(tid.intValue());
        }
        byte[] one = {1};
        BpfMap map = object.map("ignored");
        for (int tid : checked) {
            map.update(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, tid).array(), one);
        }
    }

    /** Whether contended monitor enters are being recorded. */
    public boolean monitorProbesActive() {
        return monitorProbesActive;
    }

    /**
     * Why monitor enters are not recorded, e.g. {@code monitor probes off: the JVM runs without
     * -XX:+DTraceMonitorProbes}; empty when they are.
     */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /**
     * What the program counted about itself, and what the consumers threw on.
     *
     * @throws IllegalStateException if the tracer is closed
     */
    public LockCounters counters() {
        long[] sums = PerCpuCounters.of(object.map("counters")).sums();
        return new LockCounters(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], events.handlerErrors());
    }

    /**
     * Every wait histogram the kernel holds, one per thread and kind; a thread's stay after it exits.
     *
     * @return a new list
     * @throws IllegalStateException if the tracer is closed
     * @throws dev.hotscope.bpf.BpfException with errno if the kernel fails the map read
     */
    public List<LockWaitHistogram> histograms() {
        List<LockWaitHistogram> out = new ArrayList<>();
        for (BpfMap.Entry entry : object.map("hists").entries()) {
            ByteBuffer key = ByteBuffer.wrap(entry.key()).order(ByteOrder.nativeOrder());
            ByteBuffer value = ByteBuffer.wrap(entry.value()).order(ByteOrder.nativeOrder());
            long[] slots = new long[HIST_SLOTS];
            for (int i = 0; i < HIST_SLOTS; i++) {
                slots[i] = value.getLong(8 * i);
            }
            out.add(new LockWaitHistogram(key.getInt(0), key.getInt(4) == KIND_MONITOR, new Log2Histogram(slots),
                value.getLong(8 * HIST_SLOTS), value.getLong(8 * HIST_SLOTS + 8)));
        }
        return out;
    }

    /** Detaches and unloads; idempotent, never throws. */
    @Override
    public void close() {
        events.close();
        object.close();
    }

    /** The loaded object, for tests that check what close() leaves behind. */
    BpfObject object() {
        return object;
    }

    private void decode(ByteBuffer data, int offset, int length) {
        int kind = data.getInt(offset);
        if (kind == KIND_FUTEX) {
            futexWaits.accept(futexWait(data, offset));
        } else if (kind == KIND_MONITOR) {
            monitorWaits.accept(monitorWait(data, offset));
        } else {
            throw new IllegalStateException("unknown lock record kind " + kind + " (" + length + " bytes)");
        }
    }

    private FutexWaitEvent futexWait(ByteBuffer r, int at) {
        UserStackSample sample = UserStackSample.view(r, at + F_USER_STACK);
        int wakerTgid = r.getInt(at + F_WAKER_TGID);
        return new FutexWaitEvent(r.getInt(at + F_TID), r.getLong(at + F_UADDR), r.getInt(at + F_OP),
            r.getLong(at + F_START), r.getLong(at + F_DURATION), r.getLong(at + F_RET), r.getInt(at + F_WAKER_TID),
            wakerTgid != 0 && wakerTgid == pid, cString(r, at + F_WAKER_COMM, COMM_BYTES),
            (r.getInt(at + F_WAKE_FLAGS) & WAKE_TIMER) != 0, r.getLong(at + F_WAKE), r.getLong(at + F_RUNQ),
            unwind(sample), sample.size() == 0 ? sample.error() : 0);
    }

    private static MonitorWaitEvent monitorWait(ByteBuffer r, int at) {
        int length = Math.max(0, Math.min(r.getInt(at + M_CLASS_NAME_LEN), CLASS_NAME_BYTES));
        byte[] name = new byte[length];
        r.get(at + M_CLASS_NAME, name);
        return new MonitorWaitEvent(r.getInt(at + M_TID), r.getLong(at + M_JAVA_TID), r.getLong(at + M_MONITOR),
            new String(name, StandardCharsets.UTF_8).replace('/', '.'), r.getLong(at + M_START),
            r.getLong(at + M_DURATION));
    }

    /** The user stack's return addresses, innermost first; just the pc if it cannot be unwound. */
    private long[] unwind(UserStackSample sample) {
        try {
            return unwinder.unwind(sample).addresses();
        } catch (RuntimeException e) {
            return sample.ip() == 0 ? new long[0] : new long[] {sample.ip()};
        }
    }

    private static int threadId(byte[] key) {
        return ByteBuffer.wrap(key).order(ByteOrder.nativeOrder()).getInt(0);
    }

    private static Set<Integer> threadIds(List<byte[]> keys) {
        Set<Integer> tids = new HashSet<>();
        for (byte[] key : keys) {
            tids.add(threadId(key));
        }
        return tids;
    }

    private static String cString(ByteBuffer r, int at, int max) {
        int n = 0;
        while (n < max && r.get(at + n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        r.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
