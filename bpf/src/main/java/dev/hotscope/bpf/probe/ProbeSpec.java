package dev.hotscope.bpf.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to trace: a USDT probe, a uprobe or a tracepoint, alone or paired with an end, and the
 * kernel-side filters. Immutable: every {@code with…}-style method returns a changed copy.
 * Start it with {@link ProbeTracer#start}.
 *
 * <pre>{@code
 * ProbeSpec.usdt("hotspot", "gc__begin").until(ProbeSpec.usdt("hotspot", "gc__end")).pid(jvmPid)
 * ProbeSpec.uprobe("libc", "read").returns().pid(pid).minDurationNanos(1_000_000)
 * ProbeSpec.tracepoint("sched", "sched_switch").fields("prev_pid", "next_pid").argFilter(0, Op.EQ, tid)
 * }</pre>
 */
public final class ProbeSpec {
    /** Threads the kernel-side filter holds at most. */
    public static final int MAX_TIDS = 1024;
    /** Argument filters at most. */
    public static final int MAX_ARG_FILTERS = 4;
    /** Values (arguments, fields) a hit carries at most. */
    public static final int MAX_ARGS = 6;

    /** The kind of attach point. */
    public enum Kind {
        /** A SystemTap/DTrace USDT probe, e.g. HotSpot's {@code hotspot:gc__begin}. */
        USDT,
        /** A uprobe on a function of an ELF file (and, with {@link #returns()}, its uretprobe). */
        UPROBE,
        /** A kernel tracepoint, e.g. {@code sched:sched_switch}. */
        TRACEPOINT
    }

    /** A comparison of an argument with a value, signed 64-bit. */
    public enum Op {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as C writes it, e.g. {@code >=}. */
        public String symbol() {
            return symbol;
        }

        /** Whether {@code left OP right} holds (as the kernel checks it). */
        public boolean test(long left, long right) {
            switch (this) {
                case EQ: return left == right;
                case NE: return left != right;
                case LT: return left < right;
                case LE: return left <= right;
                case GT: return left > right;
                default: return left >= right;
            }
        }
    }

    /**
     * One kernel-side argument filter: keep a hit only if {@code args[index] op value}.
     *
     * @param index the argument, 0..5
     * @param op the comparison; not null
     * @param value compared with, signed
     */
    public record ArgFilter(int index, Op op, long value) {
        /**
         * @throws IllegalArgumentException if index is outside 0..5
         * @throws NullPointerException if op is null
         */
        public ArgFilter {
            Objects.requireNonNull(op, "op");
            if (index < 0 || index >= MAX_ARGS) {
                throw new IllegalArgumentException("argument filter index must be 0.." + (MAX_ARGS - 1) + ": " + index);
            }
        }

        @Override
        public String toString() {
            return "arg" + index + " " + op.symbol() + " " + value;
        }
    }

    private final Kind kind;
    private final String scope;
    private final String name;
    private final String library;
    private final long pid;
    private final boolean returns;
    private final ProbeSpec end;
    private final Set<Long> tids;
    private final long minDurationNanos;
    private final List<ArgFilter> argFilters;
    private final List<String> fields;
    private final boolean userStack;
    private final boolean kernelStack;

    private ProbeSpec(Kind kind, String scope, String name, String library, long pid, boolean returns, ProbeSpec end,
                      Set<Long> tids, long minDurationNanos, List<ArgFilter> argFilters, List<String> fields,
                      boolean userStack, boolean kernelStack) {
        this.kind = kind;
        this.scope = scope;
        this.name = name;
        this.library = library;
        this.pid = pid;
        this.returns = returns;
        this.end = end;
        this.tids = tids;
        this.minDurationNanos = minDurationNanos;
        this.argFilters = argFilters;
        this.fields = fields;
        this.userStack = userStack;
        this.kernelStack = kernelStack;
    }

    private static ProbeSpec of(Kind kind, String what, String scope, String name) {
        return new ProbeSpec(kind, requireName(what + " " + (kind == Kind.UPROBE ? "library" : kind == Kind.USDT
            ? "provider" : "category"), scope), requireName(what + " name", name), null, -1, false, null, Set.of(), 0,
            List.of(), null, false, false);
    }

    /**
     * A USDT probe, e.g. {@code usdt("hotspot", "gc__begin")}. Which file holds it: {@link #library(String)}
     * if given; else with a {@link #pid(long)} the process's mapped file that has the probe
     * (HotSpot's provider {@code hotspot}: its libjvm.so); without either, for {@code hotspot}, this
     * JVM's libjvm.so.
     *
     * @param provider e.g. {@code hotspot}; not null or blank
     * @param name the probe, e.g. {@code gc__begin}; not null or blank
     * @return the spec, for every process until {@link #pid(long)} is set
     * @throws IllegalArgumentException if a name is blank
     */
    public static ProbeSpec usdt(String provider, String name) {
        return of(Kind.USDT, "USDT", provider, name);
    }

    /**
     * A uprobe on a function's entry, e.g. {@code uprobe("libc", "malloc")}.
     *
     * @param library a library's short name ({@code libc} matches {@code libc.so.6}; {@code hotspot},
     *     {@code libjvm} or {@code jvm} the JVM's libjvm.so) or a path to an ELF file; with a
     *     {@link #pid(long)} looked up in {@code /proc/PID/maps}, else in the ld cache; not null or blank
     * @param symbol the function's ELF symbol (.dynsym or .symtab), e.g. {@code malloc}; not null or blank
     * @return the spec, for every process until {@link #pid(long)} is set
     * @throws IllegalArgumentException if a name is blank
     */
    public static ProbeSpec uprobe(String library, String symbol) {
        return of(Kind.UPROBE, "uprobe", library, symbol);
    }

    /**
     * A kernel tracepoint, e.g. {@code tracepoint("sched", "sched_switch")}.
     *
     * @param category its tracefs category; not null or blank
     * @param event its name; not null or blank
     * @return the spec, for every process until {@link #pid(long)} is set
     * @throws IllegalArgumentException if a name is blank
     */
    public static ProbeSpec tracepoint(String category, String event) {
        return of(Kind.TRACEPOINT, "tracepoint", category, event);
    }

    /**
     * Only this process (tracepoints: filtered in the kernel; uprobes and USDT: attached to its mapping).
     *
     * @param processId a process id, or -1 for every process
     * @return the changed copy
     * @throws IllegalArgumentException if processId is neither -1 nor positive
     */
    public ProbeSpec pid(long processId) {
        if (processId != -1 && (processId <= 0 || processId > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("pid must be a process id or -1 (every process): " + processId);
        }
        return new ProbeSpec(kind, scope, name, library, processId, returns, end, tids, minDurationNanos, argFilters,
            fields, userStack, kernelStack);
    }

    /**
     * The ELF file holding a USDT probe, when it cannot be found from the pid.
     *
     * @param file a library's short name or a path, as for {@link #uprobe}; not null or blank
     * @return the changed copy
     * @throws IllegalArgumentException if this is not a USDT probe, or the name is blank
     */
    public ProbeSpec library(String file) {
        if (kind != Kind.USDT) {
            throw new IllegalArgumentException("library() is for USDT probes; a uprobe names its library in uprobe(library, symbol)");
        }
        return new ProbeSpec(kind, scope, name, requireName("USDT library", file), pid, returns, end, tids,
            minDurationNanos, argFilters, fields, userStack, kernelStack);
    }

    /**
     * Also attaches the function's uretprobe: each call is one hit, paired per thread, with its
     * duration and return value ({@link ProbeHit#ret()}).
     *
     * @return the changed copy
     * @throws IllegalArgumentException if this is not a uprobe, or already has an {@link #until} end
     */
    public ProbeSpec returns() {
        if (kind != Kind.UPROBE) {
            throw new IllegalArgumentException("returns() is for uprobes; pair a " + kind.name().toLowerCase()
                + " with its end using until(...)");
        }
        if (end != null) {
            throw new IllegalArgumentException("returns() and until(...) cannot be combined: a hit has one end");
        }
        return new ProbeSpec(kind, scope, name, library, pid, true, null, tids, minDurationNanos, argFilters, fields,
            userStack, kernelStack);
    }

    /**
     * Pairs each start with the same thread's next {@code end}: one hit per pair, duration end -
     * start, {@link ProbeHit#ret()} the end's first value. A start replaced by another before its end
     * is counted ({@link ProbeCounters#unpaired()}), not emitted. Only the end's attach point (and,
     * for a tracepoint, its {@link #fields}) is used; pid, filters and stacks are this spec's.
     *
     * @param endProbe e.g. {@code usdt("hotspot", "gc__end")}; not null, without an end or returns() of its own
     * @return the changed copy
     * @throws IllegalArgumentException if this spec has {@link #returns()} or the end has an end itself
     */
    public ProbeSpec until(ProbeSpec endProbe) {
        Objects.requireNonNull(endProbe, "endProbe");
        if (returns) {
            throw new IllegalArgumentException("returns() and until(...) cannot be combined: a hit has one end");
        }
        if (endProbe.end != null || endProbe.returns) {
            throw new IllegalArgumentException("the end probe " + endProbe + " must be a single probe, without until() or returns()");
        }
        return new ProbeSpec(kind, scope, name, library, pid, false, endProbe, tids, minDurationNanos, argFilters,
            fields, userStack, kernelStack);
    }

    /**
     * Only these threads (a hash map in the kernel, at most {@value #MAX_TIDS} entries); empty for every thread.
     *
     * @param threadIds kernel thread ids; not null, no nulls, each positive
     * @return the changed copy
     * @throws IllegalArgumentException if there are more than {@value #MAX_TIDS} or one is not positive
     */
    public ProbeSpec tids(Set<Long> threadIds) {
        Objects.requireNonNull(threadIds, "threadIds");
        Set<Long> copy = new TreeSet<>();
        for (Long tid : threadIds) {
            Objects.requireNonNull(tid, "thread id");
            if (tid <= 0 || tid > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("thread ids must be positive: " + tid);
            }
            copy.add(tid);
        }
        if (copy.size() > MAX_TIDS) {
            throw new IllegalArgumentException("at most " + MAX_TIDS + " thread ids can be filtered in the kernel, not "
                + copy.size() + ": filter by pid, or filter the hits in Java");
        }
        return new ProbeSpec(kind, scope, name, library, pid, returns, end, Set.copyOf(copy), minDurationNanos,
            argFilters, fields, userStack, kernelStack);
    }

    /**
     * Drops pairs shorter than this in the kernel (counted as filtered). Needs a pair: {@link #returns()} or {@link #until}.
     *
     * @param nanos the minimum duration, 0 for none
     * @return the changed copy
     * @throws IllegalArgumentException if negative
     */
    public ProbeSpec minDurationNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("minimum duration must not be negative: " + nanos);
        }
        return new ProbeSpec(kind, scope, name, library, pid, returns, end, tids, nanos, argFilters, fields, userStack,
            kernelStack);
    }

    /**
     * Keeps only hits whose start argument {@code index} satisfies {@code op value} (signed), checked
     * in the kernel; up to {@value #MAX_ARG_FILTERS}, all must hold. Filtered hits are counted.
     *
     * @param index the argument, 0..5 (for a tracepoint: the index in {@link #fields})
     * @param op the comparison; not null
     * @param value compared with
     * @return the changed copy
     * @throws IllegalArgumentException if index is outside 0..5 or there are already {@value #MAX_ARG_FILTERS} filters
     */
    public ProbeSpec argFilter(int index, Op op, long value) {
        ArgFilter filter = new ArgFilter(index, op, value);
        if (argFilters.size() >= MAX_ARG_FILTERS) {
            throw new IllegalArgumentException("at most " + MAX_ARG_FILTERS + " argument filters run in the kernel; have "
                + argFilters);
        }
        List<ArgFilter> more = new ArrayList<>(argFilters);
        more.add(filter);
        return new ProbeSpec(kind, scope, name, library, pid, returns, end, tids, minDurationNanos, List.copyOf(more),
            fields, userStack, kernelStack);
    }

    /**
     * The tracepoint fields a hit carries as its args, in this order (default: the first 6 numeric
     * fields after the common header, {@code __syscall_nr} skipped). For an end tracepoint the first
     * is {@link ProbeHit#ret()} (default: {@code ret}, else its first numeric field).
     *
     * @param names 1 to 6 field names of the format; not null
     * @return the changed copy
     * @throws IllegalArgumentException if this is not a tracepoint, or there are 0 or more than 6 names
     */
    public ProbeSpec fields(String... names) {
        Objects.requireNonNull(names, "names");
        if (kind != Kind.TRACEPOINT) {
            throw new IllegalArgumentException("fields(...) is for tracepoints; a " + kind.name().toLowerCase()
                + " carries its arguments arg0..");
        }
        if (names.length == 0 || names.length > MAX_ARGS) {
            throw new IllegalArgumentException("a tracepoint hit carries 1 to " + MAX_ARGS + " fields, not " + names.length);
        }
        List<String> list = new ArrayList<>();
        for (String field : names) {
            list.add(requireName("field name", field));
        }
        return new ProbeSpec(kind, scope, name, library, pid, returns, end, tids, minDurationNanos, argFilters,
            List.copyOf(list), userStack, kernelStack);
    }

    /**
     * Whether each hit carries the user stack (frame-pointer walk, 64 frames at most; code built
     * without frame pointers, like most of libc, cuts it short). For pairs it is taken at the end.
     *
     * @param collect whether to collect it
     * @return the changed copy
     */
    public ProbeSpec userStack(boolean collect) {
        return new ProbeSpec(kind, scope, name, library, pid, returns, end, tids, minDurationNanos, argFilters, fields,
            collect, kernelStack);
    }

    /**
     * Whether each hit carries the kernel stack (16 frames at most); always empty for uprobes and
     * USDT probes, which fire in user mode.
     *
     * @param collect whether to collect it
     * @return the changed copy
     */
    public ProbeSpec kernelStack(boolean collect) {
        return new ProbeSpec(kind, scope, name, library, pid, returns, end, tids, minDurationNanos, argFilters, fields,
            userStack, collect);
    }

    /** The kind of attach point. */
    public Kind kind() {
        return kind;
    }

    /** The USDT provider, the uprobe's library or the tracepoint's category. */
    public String scope() {
        return scope;
    }

    /** The USDT probe's, the function's or the tracepoint's name. */
    public String name() {
        return name;
    }

    /** The USDT probe's file as given to {@link #library(String)}, or null. */
    public String library() {
        return library;
    }

    /** The traced process, -1 for every process. */
    public long pid() {
        return pid;
    }

    /** Whether the uretprobe is attached too. */
    public boolean hasReturns() {
        return returns;
    }

    /** The end probe of {@link #until}, or null. */
    public ProbeSpec end() {
        return end;
    }

    /** Whether hits are start/end pairs with a duration. */
    public boolean isPaired() {
        return returns || end != null;
    }

    /** The kernel-side thread filter; empty for every thread. Unmodifiable. */
    public Set<Long> tids() {
        return tids;
    }

    /** The kernel-side minimum duration, 0 for none. */
    public long minDurationNanos() {
        return minDurationNanos;
    }

    /** The kernel-side argument filters; unmodifiable. */
    public List<ArgFilter> argFilters() {
        return argFilters;
    }

    /** The tracepoint fields chosen with {@link #fields(String...)}, or null for the default. */
    public List<String> fieldNames() {
        return fields;
    }

    /** Whether hits carry the user stack. */
    public boolean userStack() {
        return userStack;
    }

    /** Whether hits carry the kernel stack. */
    public boolean kernelStack() {
        return kernelStack;
    }

    /** The attach point alone, e.g. {@code usdt hotspot:gc__begin}. */
    String point() {
        return kind.name().toLowerCase() + " " + scope + ":" + name + (returns ? " (+return)" : "");
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(point());
        if (end != null) {
            s.append(" .. ").append(end.point());
        }
        if (pid != -1) {
            s.append(", pid ").append(pid);
        }
        if (library != null) {
            s.append(", in ").append(library);
        }
        if (!tids.isEmpty()) {
            s.append(", ").append(tids.size()).append(" tids");
        }
        if (minDurationNanos > 0) {
            s.append(", >= ").append(minDurationNanos).append(" ns");
        }
        argFilters.forEach(f -> s.append(", ").append(f));
        if (fields != null) {
            s.append(", fields ").append(String.join(",", fields));
        }
        if (userStack || kernelStack) {
            s.append(", stacks ").append(userStack ? "user" : "").append(userStack && kernelStack ? "+" : "")
                .append(kernelStack ? "kernel" : "");
        }
        return s.toString();
    }

    private static String requireName(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value.trim();
    }
}
