package dev.hotscope.bpf.probe;

import dev.hotscope.bpf.BpfAttachException;
import dev.hotscope.bpf.BpfException;
import dev.hotscope.bpf.BpfLink;
import dev.hotscope.bpf.BpfObject;
import dev.hotscope.bpf.BpfProgram;
import dev.hotscope.bpf.Capabilities;
import dev.hotscope.bpf.PerCpuCounters;
import dev.hotscope.bpf.RingBuffer;
import dev.hotscope.bpf.TargetGoneException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Traces one {@link ProbeSpec} with the precompiled {@code probe.bpf.c}: loads it configured for
 * the spec, attaches it and hands each hit to a consumer on the polling thread. Exceptions the
 * consumer throws are counted and kept ({@link #callbackErrors()}), never thrown from {@link #poll}.
 *
 * <p>One thread polls; {@link #close()} may come from any thread and is idempotent.
 */
public final class ProbeTracer implements AutoCloseable {
    static final String OBJECT = "dev/hotscope/bpf/programs/probe.bpf.o";

    private final ProbeSpec spec;
    private final BpfObject object;
    private final RingBuffer ring;
    private final List<String> argNames;
    private final String description;

    private ProbeTracer(ProbeSpec spec, BpfObject object, RingBuffer ring, List<String> argNames, String description) {
        this.spec = spec;
        this.object = object;
        this.ring = ring;
        this.argNames = argNames;
        this.description = description;
    }

    /**
     * Resolves the spec's names (probe, library, function, fields) as {@link #start} would, without loading
     * or attaching anything: a misspelled name is refused when the user types it, not when tracing begins.
     *
     * @param spec what to check; not null
     * @return the names of the hits' arguments, as {@link #argNames()} would give them
     * @throws UnknownProbeException naming the nearest existing names
     * @throws TargetGoneException if the spec's process does not exist
     * @throws UncheckedIOException if tracefs, a process's maps or an ELF file cannot be read
     */
    public static List<String> check(ProbeSpec spec) {
        Objects.requireNonNull(spec, "spec");
        long pid = spec.pid();
        if (pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new TargetGoneException(pid, 3);
        }
        Target start = Resolver.resolve(spec, pid, false);
        if (spec.end() != null) {
            Resolver.resolve(spec.end(), pid, true);
        }
        return start.argNames();
    }

    /**
     * Resolves the spec's names, loads the program and attaches it (the end before the start, so
     * no start is left waiting for an end not yet attached).
     *
     * @param spec what to trace; not null
     * @param hits receives each hit on the thread calling {@link #poll}; not null
     * @return the running tracer; close it
     * @throws UnknownProbeException if a tracepoint, USDT probe, function, library or field does not
     *     exist (the message names the nearest that do)
     * @throws TargetGoneException if the spec's process does not exist
     * @throws IllegalArgumentException if the spec asks for what cannot be (a minimum duration without
     *     a pair, an argument filter beyond the values the probe has, a non-numeric field)
     * @throws BpfAttachException with errno and the attach point if the kernel refuses to attach
     * @throws BpfException (a subclass says which) if the program cannot be loaded here
     * @throws UncheckedIOException if tracefs, a process's maps or an ELF file cannot be read
     */
    public static ProbeTracer start(ProbeSpec spec, Consumer<ProbeHit> hits) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(hits, "hits");
        long pid = spec.pid();
        if (pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new TargetGoneException(pid, 3);
        }
        if (spec.minDurationNanos() > 0 && !spec.isPaired()) {
            throw new IllegalArgumentException("minDurationNanos needs a pair: add returns() (uprobes) or until(end) to " + spec);
        }
        Target start = Resolver.resolve(spec, pid, false);
        for (ProbeSpec.ArgFilter f : spec.argFilters()) {
            if (f.index() >= start.argNames().size()) {
                throw new IllegalArgumentException("argument filter " + f + " needs argument " + f.index() + " but "
                    + spec.point() + " has " + start.argNames().size() + ": " + start.argNames());
            }
        }
        Target end = spec.end() != null ? Resolver.resolve(spec.end(), pid, true) : spec.hasReturns() ? start : null;
        Capabilities.current().require();
        BpfObject object = BpfObject.openResource(OBJECT);
        try {
            for (String program : object.programNames()) {
                object.program(program).setAutoload(program.equals(program(start, false))
                    || (end != null && program.equals(program(end, true))));
            }
            ProbeConfig.write(object.rodata(), spec, start, end);
            object.load();
            ProbeConfig.fillTids(object.map("probe_tids"), spec.tids());
            HitDecoder decoder = new HitDecoder(start.argNames().size(), hits);
            RingBuffer ring = RingBuffer.open(object.map("probe_hits"), decoder::decode);
            if (end != null) {
                attach(object.program(program(end, true)), end, pid, spec.hasReturns());
            }
            attach(object.program(program(start, false)), start, pid, false);
            return new ProbeTracer(spec, object, ring, start.argNames(), describe(spec, start, end));
        } catch (RuntimeException | Error e) {
            object.close();
            throw e;
        }
    }

    private static String program(Target target, boolean end) {
        String kind = target.kind() == ProbeSpec.Kind.TRACEPOINT ? "tp" : target.kind() == ProbeSpec.Kind.UPROBE ? "up" : "usdt";
        return "hs_probe_" + kind + (end ? "_end" : "_start");
    }

    private static BpfLink attach(BpfProgram program, Target target, long pid, boolean retprobe) {
        switch (target.kind()) {
            case TRACEPOINT:
                return program.attachTracepoint(target.scope(), target.name());
            case USDT:
                return program.attachUsdt(pid, target.binary(), target.scope(), target.name(), 0);
            default:
                return program.attachUprobe(pid, target.binary(), null, target.offset(), retprobe);
        }
    }

    private static String describe(ProbeSpec spec, Target start, Target end) {
        StringBuilder s = new StringBuilder(start.describe());
        if (spec.hasReturns()) {
            s.append(" + its return");
        } else if (end != null) {
            s.append(" .. ").append(end.describe());
        }
        s.append(spec.pid() > 0 ? ", pid " + spec.pid() : ", every process");
        if (!spec.tids().isEmpty()) {
            s.append(", ").append(spec.tids().size()).append(" threads");
        }
        spec.argFilters().forEach(f -> s.append(", ").append(start.argNames().get(f.index())).append(' ')
            .append(f.op().symbol()).append(' ').append(f.value()));
        if (spec.minDurationNanos() > 0) {
            s.append(", >= ").append(spec.minDurationNanos()).append(" ns");
        }
        if (!start.argNames().isEmpty()) {
            s.append(", args ").append(String.join(",", start.argNames()));
        }
        if (end != null && end.kind() == ProbeSpec.Kind.TRACEPOINT && !end.fields().isEmpty()) {
            s.append(", ret ").append(end.fields().get(0).name());
        }
        if (spec.userStack() || spec.kernelStack()) {
            s.append(", stacks ").append(spec.userStack() ? "user" : "").append(spec.userStack() && spec.kernelStack() ? "+" : "")
                .append(spec.kernelStack() ? "kernel" : "");
        }
        return s.toString();
    }

    /** The spec traced. */
    public ProbeSpec spec() {
        return spec;
    }

    /**
     * The names of {@link ProbeHit#args()}, in order: {@code arg0..} for USDT (as many as the probe
     * has, at most 6) and uprobes (6), the field names for a tracepoint. Unmodifiable.
     */
    public List<String> argNames() {
        return argNames;
    }

    /** One line saying what is attached where, with the filters, e.g. {@code tracepoint sched:sched_switch, pid 42, args prev_pid,...}. */
    public String describe() {
        return description;
    }

    /**
     * Consumes the hits there are, waiting up to {@code timeout} when there are none.
     *
     * @param timeout how long to wait; not null or negative
     * @return hits handed to the consumer; 0 once closed
     * @throws IllegalArgumentException if the timeout is negative
     * @throws BpfException with errno if waiting on the ring buffer fails
     */
    public int poll(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return ring.poll(timeout);
    }

    /**
     * The program's counters.
     *
     * @return hits, emitted, dropped, filtered and unpaired so far
     * @throws IllegalStateException if the tracer is closed
     */
    public ProbeCounters counters() {
        long[] c = PerCpuCounters.of(object.map("probe_counters")).sums();
        return new ProbeCounters(c[0], c[1], c[2], c[3], c[4]);
    }

    /** How many calls of the consumer threw. */
    public long callbackErrors() {
        return ring.handlerErrors();
    }

    /** The first few exceptions the consumer threw; unmodifiable. */
    public List<Throwable> errors() {
        return ring.errors();
    }

    /** Kernel ids of this tracer's programs, maps or links, for leak checks in tests. */
    List<Long> kernelIds(String kind) {
        List<Long> ids = new ArrayList<>();
        switch (kind) {
            case "prog":
                object.programNames().stream().filter(p -> object.program(p).autoload())
                    .forEach(p -> ids.add(object.program(p).id()));
                break;
            case "map":
                object.mapNames().forEach(m -> ids.add(object.map(m).id()));
                break;
            default:
                object.links().forEach(l -> ids.add(l.id()));
        }
        return ids;
    }

    /** Detaches and unloads; idempotent, never throws. */
    @Override
    public void close() {
        ring.close();
        object.close();
    }

    @Override
    public String toString() {
        return "ProbeTracer[" + description + (object.isClosed() ? ", closed" : "") + "]";
    }

    /** Turns records of {@code struct hs_probe_hit} (probe.h) into {@link ProbeHit}s. */
    private static final class HitDecoder {
        private static final int FLAGS = 12;
        private static final int COMM = 16;
        private static final int START = 32;
        private static final int DURATION = 40;
        private static final int ARGS = 48;
        private static final int RET = 96;
        private static final int USER_BYTES = 104;
        private static final int KERNEL_BYTES = 108;
        private static final int USER = 112;
        private static final int KERNEL = USER + 64 * 8;
        private static final int STACKS = 1;
        private static final long[] NONE = new long[0];

        private final int argCount;
        private final Consumer<ProbeHit> hits;

        HitDecoder(int argCount, Consumer<ProbeHit> hits) {
            this.argCount = argCount;
            this.hits = hits;
        }

        void decode(ByteBuffer record) {
            ByteBuffer r = record.order(ByteOrder.nativeOrder());
            long[] args = new long[argCount];
            for (int i = 0; i < argCount; i++) {
                args[i] = r.getLong(ARGS + 8 * i);
            }
            boolean stacks = (r.getInt(FLAGS) & STACKS) != 0;
            long[] user = stacks ? frames(r, USER, r.getInt(USER_BYTES), 64) : NONE;
            long[] kernel = stacks ? frames(r, KERNEL, r.getInt(KERNEL_BYTES), 16) : NONE;
            hits.accept(new ProbeHit(Integer.toUnsignedLong(r.getInt(0)), Integer.toUnsignedLong(r.getInt(4)), r.getInt(8),
                comm(r), r.getLong(START), r.getLong(DURATION), args, r.getLong(RET), user, kernel));
        }

        private static long[] frames(ByteBuffer r, int offset, int bytes, int max) {
            int n = bytes <= 0 ? 0 : Math.min(max, bytes / 8);
            long[] frames = new long[n];
            for (int i = 0; i < n; i++) {
                frames[i] = r.getLong(offset + 8 * i);
            }
            return frames;
        }

        private static String comm(ByteBuffer r) {
            byte[] bytes = new byte[16];
            r.get(COMM, bytes);
            int length = 0;
            while (length < bytes.length && bytes[length] != 0) {
                length++;
            }
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
    }
}
