package dev.hotscope.bpf.jvm;

import dev.hotscope.bpf.BpfException;
import dev.hotscope.bpf.BpfLink;
import dev.hotscope.bpf.BpfObject;
import dev.hotscope.bpf.BpfProgram;
import dev.hotscope.bpf.Capabilities;
import dev.hotscope.bpf.PerCpuCounters;
import dev.hotscope.bpf.RingBuffer;
import dev.hotscope.bpf.TargetGoneException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * GC pauses and safepoints of one HotSpot JVM with the kernel's view of each pause, from
 * {@code gc.bpf.c}: how much CPU the GC threads got within it and how long they waited on a run
 * queue. Pauses come from the {@code hotspot:gc__begin/gc__end} USDT probes, or from uprobes on the
 * functions that hold them where libjvm.so has no probe notes (see {@link #source()}); safepoints
 * from uprobes on {@code SafepointSynchronize::begin()/end()}. A part that cannot attach is named
 * in {@link #problems()} while the others run.
 *
 * <p>Not thread-safe: one thread polls; {@link #close()} may come from any thread.
 */
public final class GcTracer implements AutoCloseable {
    static final String OBJECT = "dev/hotscope/bpf/programs/gc.bpf.o";
    private static final int RECORD_PAUSE = 1;
    private static final int RECORD_SAFEPOINT = 2;
    private static final int PREFIXES_OFFSET = 8;
    private static final int PREFIX_BYTES = 16;
    private static final int NAME_OFFSET = 48;

    private final long pid;
    private final BpfObject object;
    private final HotSpotLibrary jvm;
    private final GcProbeSource source;
    private final List<String> problems;
    private final Consumer<GcPauseEvent> pauses;
    private final Consumer<SafepointEvent> safepoints;
    private final Map<Long, String> operationNames = new HashMap<>();
    private final RingBuffer events;

    private GcTracer(long pid, BpfObject object, HotSpotLibrary jvm, GcProbeSource source, List<String> problems,
                     Consumer<GcPauseEvent> pauses, Consumer<SafepointEvent> safepoints) {
        this.pid = pid;
        this.object = object;
        this.jvm = jvm;
        this.source = source;
        this.problems = Collections.unmodifiableList(problems);
        this.pauses = pauses;
        this.safepoints = safepoints;
        this.events = RingBuffer.open(object.map("gc_events"), this::decode);
    }

    /**
     * Loads the program for one JVM and attaches every part that can be: the scheduler tracepoints,
     * the pause probes and the safepoint probes (a part that cannot is listed in {@link #problems()}).
     *
     * @param pid the HotSpot JVM to trace
     * @param config how to trace; not null
     * @param pauses receives each GC pause on the polling thread; not null
     * @param safepoints receives each safepoint on the polling thread; not null
     * @return the running tracer; close it
     * @throws TargetGoneException if the process does not exist (or exits while attaching)
     * @throws IllegalArgumentException if pid is not positive, or the process is not a HotSpot JVM (no libjvm.so)
     * @throws UncheckedIOException if the process's maps or its libjvm.so cannot be read
     * @throws BpfException (a subclass says which) if the program cannot be loaded here
     */
    public static GcTracer start(long pid, GcConfig config, Consumer<GcPauseEvent> pauses,
                                 Consumer<SafepointEvent> safepoints) {
        return start(pid, config, pauses, safepoints, UnaryOperator.identity());
    }

    /** {@link #start}, with the libjvm.so found changed first (tests take a function away). */
    static GcTracer start(long pid, GcConfig config, Consumer<GcPauseEvent> pauses,
                          Consumer<SafepointEvent> safepoints, UnaryOperator<HotSpotLibrary> change) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(pauses, "pauses");
        Objects.requireNonNull(safepoints, "safepoints");
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pid must be a process id: " + pid);
        }
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new TargetGoneException(pid, 3);
        }
        Capabilities.current().require();
        HotSpotLibrary jvm = change.apply(readLibjvm(pid));
        GcProbeSource source = config.forcedUprobes() || !jvm.hasGcProbes() ? GcProbeSource.UPROBES : GcProbeSource.USDT;
        boolean vmopsUsdt = !config.forcedUprobes() && jvm.hasVmopsProbes();
        BpfObject object = BpfObject.openResource(OBJECT);
        try {
            configure(object, pid, config);
            object.program("hs_gc_begin_usdt").setAutoload(source == GcProbeSource.USDT);
            object.program("hs_gc_end_usdt").setAutoload(source == GcProbeSource.USDT);
            object.program("hs_gc_begin_up").setAutoload(source == GcProbeSource.UPROBES);
            object.program("hs_gc_end_up").setAutoload(source == GcProbeSource.UPROBES);
            object.program("hs_vmop_usdt").setAutoload(vmopsUsdt);
            object.program("hs_vmop_up").setAutoload(!vmopsUsdt);
            object.load();
            List<String> problems = new ArrayList<>();
            Attacher attach = new Attacher(object, pid, jvm, problems);
            attach.scheduler();
            attach.pauses(source);
            attach.safepoints(vmopsUsdt);
            return new GcTracer(pid, object, jvm, source, problems, pauses, safepoints);
        } catch (RuntimeException | Error e) {
            object.close(); // never leave the system-wide scheduler programs attached
            throw e;
        }
    }

    private static HotSpotLibrary readLibjvm(long pid) {
        try {
            return HotSpotLibrary.of(pid);
        } catch (IOException e) {
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new TargetGoneException(pid, 3);
            }
            throw new UncheckedIOException("cannot read the libjvm.so of process " + pid + ": " + e.getMessage(), e);
        }
    }

    private static void configure(BpfObject object, long pid, GcConfig config) {
        ByteBuffer rodata = object.rodata().order(ByteOrder.nativeOrder());
        rodata.putInt(0, (int) pid);
        List<String> prefixes = config.gcThreadPrefixes();
        rodata.putInt(4, prefixes.size());
        for (int i = 0; i < prefixes.size(); i++) {
            byte[] bytes = prefixes.get(i).getBytes(StandardCharsets.US_ASCII);
            for (int b = 0; b < PREFIX_BYTES; b++) {
                rodata.put(PREFIXES_OFFSET + i * PREFIX_BYTES + b, b < bytes.length ? bytes[b] : 0);
            }
        }
    }

    /** Attaches the parts one by one; a part that fails is detached whole and named as a problem. */
    private static final class Attacher {
        private final BpfObject object;
        private final long pid;
        private final HotSpotLibrary jvm;
        private final List<String> problems;

        Attacher(BpfObject object, long pid, HotSpotLibrary jvm, List<String> problems) {
            this.object = object;
            this.pid = pid;
            this.jvm = jvm;
            this.problems = problems;
        }

        void scheduler() {
            part("GC threads' CPU and run-queue time", links -> {
                links.add(program("hs_gc_exit").attachTracepoint("sched", "sched_process_exit"));
                links.add(program("hs_gc_switch").attachRawTracepoint("sched_switch"));
                links.add(program("hs_gc_wakeup").attachRawTracepoint("sched_wakeup"));
                links.add(program("hs_gc_wakeup_new").attachRawTracepoint("sched_wakeup_new"));
            });
        }

        /** Ends before begins: an end without a begin is counted as unmatched, a begin never left open. */
        void pauses(GcProbeSource source) {
            part("GC pauses (" + source + ")", links -> {
                if (source == GcProbeSource.USDT) {
                    links.add(program("hs_gc_end_usdt").attachUsdt(pid, jvm.path(), "hotspot", "gc__end", 0));
                    links.add(program("hs_gc_begin_usdt").attachUsdt(pid, jvm.path(), "hotspot", "gc__begin", 0));
                } else {
                    links.add(uprobe("hs_gc_end_up", HotSpotLibrary.NOTIFY_GC_END, false));
                    links.add(uprobe("hs_gc_begin_up", HotSpotLibrary.NOTIFY_GC_BEGIN, false));
                }
            });
        }

        void safepoints(boolean vmopsUsdt) {
            boolean attached = part("safepoints", links -> {
                links.add(uprobe("hs_sp_end", HotSpotLibrary.SAFEPOINT_END, true));
                links.add(uprobe("hs_sp_synced", HotSpotLibrary.SAFEPOINT_BEGIN, true));
                links.add(uprobe("hs_sp_begin", HotSpotLibrary.SAFEPOINT_BEGIN, false));
            });
            if (attached) {
                part("VM operation names", links -> links.add(vmopsUsdt
                    ? program("hs_vmop_usdt").attachUsdt(pid, jvm.path(), "hotspot", "vmops__begin", 0)
                    : uprobe("hs_vmop_up", HotSpotLibrary.EVALUATE_OPERATION, false)));
            }
        }

        private BpfLink uprobe(String program, String symbolPrefix, boolean retprobe) {
            OptionalLong offset = jvm.functionOffset(symbolPrefix);
            if (offset.isEmpty()) {
                throw new MissingSymbol("no function " + symbolPrefix + "* in the .symtab of " + jvm.path());
            }
            return program(program).attachUprobe(pid, jvm.path(), null, offset.getAsLong(), retprobe);
        }

        private BpfProgram program(String name) {
            return object.program(name);
        }

        private boolean part(String what, Consumer<List<BpfLink>> attach) {
            List<BpfLink> links = new ArrayList<>();
            try {
                attach.accept(links);
                return true;
            } catch (BpfException | MissingSymbol e) {
                if (e instanceof TargetGoneException) {
                    throw (TargetGoneException) e;
                }
                links.forEach(BpfLink::close);
                problems.add(what + " not traced: " + e.getMessage());
                return false;
            }
        }
    }

    /** A function the uprobe fallback needs is not in libjvm.so's symbol table. */
    private static final class MissingSymbol extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingSymbol(String message) {
            super(message, null, false, false);
        }
    }

    /** The traced process. */
    public long pid() {
        return pid;
    }

    /** Where pauses are learned from: USDT probes, or the uprobe fallback. */
    public GcProbeSource source() {
        return source;
    }

    /** What could not be attached, one sentence each; empty when everything is traced. Unmodifiable. */
    public List<String> problems() {
        return problems;
    }

    /**
     * Waits up to {@code timeout} for records and hands them to the consumers.
     *
     * @param timeout how long to wait when there is nothing; not null
     * @return records handled; 0 once closed
     * @throws IllegalArgumentException if the timeout is negative
     * @throws BpfException with errno if waiting on the ring buffer fails
     */
    public int poll(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return events.poll(timeout);
    }

    /**
     * What the program counted about itself, and what the consumers could not handle.
     *
     * @throws IllegalStateException if the tracer is closed
     */
    public GcCounters counters() {
        long[] sums = PerCpuCounters.of(object.map("gc_counters")).sums();
        return new GcCounters(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], events.handlerErrors());
    }

    /**
     * The tids the kernel has taken for GC threads so far (those seen scheduling since tracing began).
     *
     * @throws IllegalStateException if the tracer is closed
     */
    public Set<Integer> gcThreadIds() {
        Set<Integer> tids = new TreeSet<>();
        for (byte[] key : object.map("gc_threads").keys()) {
            tids.add(ByteBuffer.wrap(key).order(ByteOrder.nativeOrder()).getInt(0));
        }
        return tids;
    }

    /** Kernel ids of this tracer's programs, maps and links, for leak checks in tests. */
    List<Long> kernelIds(String kind) {
        List<Long> ids = new ArrayList<>();
        switch (kind) {
            case "prog":
                for (String name : object.programNames()) {
                    if (object.program(name).autoload()) {
                        ids.add(object.program(name).id());
                    }
                }
                break;
            case "map":
                object.mapNames().forEach(name -> ids.add(object.map(name).id()));
                break;
            default:
                object.links().forEach(link -> ids.add(link.id()));
        }
        return ids;
    }

    /** Detaches and unloads; idempotent, never throws. */
    @Override
    public void close() {
        events.close();
        object.close();
    }

    /** Unknown times arrive as ~0 from the kernel, which is -1 as a Java long. */
    private void decode(ByteBuffer record) {
        ByteBuffer r = record.order(ByteOrder.nativeOrder());
        int kind = r.getInt(0);
        if (kind == RECORD_PAUSE) {
            pauses.accept(new GcPauseEvent(r.getLong(8), r.getLong(16), r.getInt(4) != 0, r.getLong(24), r.getLong(32),
                r.getInt(48), r.getInt(52), r.getLong(40), r.getInt(56)));
        } else if (kind == RECORD_SAFEPOINT) {
            safepoints.accept(new SafepointEvent(r.getLong(8), r.getLong(16), r.getLong(24),
                operationName(r), r.getInt(4)));
        } else {
            throw new IllegalStateException("unknown record kind " + kind + " from gc.bpf.c");
        }
    }

    private String operationName(ByteBuffer r) {
        int length = r.getInt(40);
        if (length > 0) {
            byte[] name = new byte[Math.min(length, r.limit() - NAME_OFFSET)];
            r.get(NAME_OFFSET, name);
            return new String(name, StandardCharsets.US_ASCII);
        }
        long vtable = r.getLong(32);
        return vtable == 0 ? "" : operationNames.computeIfAbsent(vtable, jvm::operationName);
    }
}
