package dev.hotscope.usdt;

import dev.hotscope.usdt.internal.Jffi;
import dev.hotscope.usdt.internal.NativeStrings;
import dev.hotscope.usdt.internal.ProbeCall;
import dev.hotscope.usdt.internal.RawMemory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.StringJoiner;

/**
 * One USDT probe of a {@link Provider}: {@code provider:name} to tracers.
 *
 * <p>{@link #isEnabled()} reads the probe's semaphore, which tracers raise while attached; it makes
 * no native call, so {@code if (probe.isEnabled()) probe.fire(...)} costs a load and a branch when
 * nobody traces. {@code fire} checks the semaphore too, and only calls the probe site when it is
 * up: like a guarded probe in C, the probe is seen by every tracer that honours USDT semaphores
 * (bpftrace, bcc, libbpf, perf, SystemTap).
 *
 * <p>Arguments: integer types take a {@code long}, narrowed to the declared width as a C cast
 * would; {@link ArgType#BOOLEAN} takes 0 or non-zero. A {@link ArgType#STRING} takes a
 * {@link String}, copied as NUL-terminated UTF-8 of at most {@value #MAX_STRING_BYTES} bytes: the
 * copy ends at the first U+0000 and is cut before the character that would pass the limit; null
 * is passed as a NULL pointer. Every mix of {@code long} and {@code String} up to four arguments,
 * and five or six {@code long}s, has its own overload and allocates nothing; any other shape goes
 * through {@link #fire(Object...)}.
 *
 * <p>{@code fire} may be called from any number of threads at once. Before {@link Provider#load()}
 * and after {@link Provider#close()} it does nothing.
 */
public final class Probe {
    /** Longest string argument in UTF-8 bytes, excluding the terminating NUL. */
    public static final int MAX_STRING_BYTES = NativeStrings.MAX_BYTES;

    private static final ByteBuffer NOT_LOADED = ByteBuffer.allocateDirect(2);
    private static final long NOT_LOADED_ADDRESS = Jffi.memory().getDirectBufferAddress(NOT_LOADED);

    private final Provider provider;
    private final String name;
    private final ArgType[] types;
    private final int shape;
    private final int index;
    /*
     * The semaphore is read through a raw address where that is cheap and quiet (RawMemory), else
     * through a buffer; both point at memory that stays mapped for the life of the JVM. Volatile,
     * so that a loop polling isEnabled() can never have the read hoisted out of it.
     */
    private volatile long semaphoreAddress = NOT_LOADED_ADDRESS;
    private volatile ByteBuffer semaphore = NOT_LOADED;
    private volatile long function;

    Probe(Provider provider, String name, ArgType[] types, int index) {
        this.provider = provider;
        this.name = name;
        this.types = types.clone();
        this.shape = shapeOf(this.types);
        this.index = index;
    }

    /** This probe's name. */
    public String name() {
        return name;
    }

    /** The provider this probe belongs to. */
    public Provider provider() {
        return provider;
    }

    /** The declared argument types, in order; unmodifiable. */
    public List<ArgType> argTypes() {
        return List.of(types);
    }

    /** The position of this probe in its provider, from 0. */
    public int index() {
        return index;
    }

    /**
     * The SDT argument spec tracers read from the note, e.g. {@code -8@%rdi 8@%rsi}.
     */
    public String argSpec() {
        StringJoiner spec = new StringJoiner(" ");
        for (int i = 0; i < types.length; i++) {
            spec.add(types[i].sdtSize() + "@" + dev.hotscope.usdt.internal.elf.SdtObjectWriter.ARG_REGISTERS[i]);
        }
        return spec.toString();
    }

    /**
     * Whether a tracer is attached to this probe now: its semaphore is non-zero. No native call;
     * false before load and after close.
     */
    public boolean isEnabled() {
        if (RawMemory.AVAILABLE) {
            return RawMemory.getShort(semaphoreAddress) != 0;
        }
        return semaphore.getShort(0) != 0;
    }

    /**
     * The semaphore's current value: above 0 while any tracer is attached, 0 before load, after
     * close and once the last tracer has gone. (The kernel raises it once per traced process, not
     * once per tracer, so two bpftraces on one probe still read 1.)
     */
    public int semaphoreValue() {
        return Short.toUnsignedInt(semaphore.getShort(0));
    }

    /** Called by the provider once mapped, function first: a reader that sees the semaphore sees it. */
    void bind(long functionAddress, ByteBuffer semaphoreView) {
        this.function = functionAddress;
        this.semaphore = semaphoreView;
        this.semaphoreAddress = Jffi.memory().getDirectBufferAddress(semaphoreView);
    }

    @Override
    public String toString() {
        return provider.name() + ":" + name + "(" + argSpec() + ")";
    }

    /** Fires with 0 arguments (); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire() {
        requireShape(0);
        if (isEnabled()) {
            ProbeCall.call(function, 0, 0, 0, 0, 0, 0);
        }
    }

    /** Fires with 1 argument (long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0) {
        requireShape(1);
        if (isEnabled()) {
            ProbeCall.call(function, narrow(0, a0), 0, 0, 0, 0, 0);
        }
    }

    /** Fires with 1 argument (String); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(String a0) {
        requireShape(1 | 1 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, strings.put(0, a0), 0, 0, 0, 0, 0);
        }
    }

    /** Fires with 2 arguments (long, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, long a1) {
        requireShape(2);
        if (isEnabled()) {
            ProbeCall.call(function, narrow(0, a0), narrow(1, a1), 0, 0, 0, 0);
        }
    }

    /** Fires with 2 arguments (long, String); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, String a1) {
        requireShape(2 | 2 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, narrow(0, a0), strings.put(1, a1), 0, 0, 0, 0);
        }
    }

    /** Fires with 2 arguments (String, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(String a0, long a1) {
        requireShape(2 | 1 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, strings.put(0, a0), narrow(1, a1), 0, 0, 0, 0);
        }
    }

    /** Fires with 2 arguments (String, String); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(String a0, String a1) {
        requireShape(2 | 3 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, strings.put(0, a0), strings.put(1, a1), 0, 0, 0, 0);
        }
    }

    /** Fires with 3 arguments (long, long, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, long a1, long a2) {
        requireShape(3);
        if (isEnabled()) {
            ProbeCall.call(function, narrow(0, a0), narrow(1, a1), narrow(2, a2), 0, 0, 0);
        }
    }

    /** Fires with 3 arguments (long, long, String); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, long a1, String a2) {
        requireShape(3 | 4 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, narrow(0, a0), narrow(1, a1), strings.put(2, a2), 0, 0, 0);
        }
    }

    /** Fires with 3 arguments (long, String, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, String a1, long a2) {
        requireShape(3 | 2 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, narrow(0, a0), strings.put(1, a1), narrow(2, a2), 0, 0, 0);
        }
    }

    /** Fires with 3 arguments (long, String, String); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, String a1, String a2) {
        requireShape(3 | 6 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, narrow(0, a0), strings.put(1, a1), strings.put(2, a2), 0, 0, 0);
        }
    }

    /** Fires with 3 arguments (String, long, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(String a0, long a1, long a2) {
        requireShape(3 | 1 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, strings.put(0, a0), narrow(1, a1), narrow(2, a2), 0, 0, 0);
        }
    }

    /** Fires with 3 arguments (String, long, String); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(String a0, long a1, String a2) {
        requireShape(3 | 5 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, strings.put(0, a0), narrow(1, a1), strings.put(2, a2), 0, 0, 0);
        }
    }

    /** Fires with 3 arguments (String, String, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(String a0, String a1, long a2) {
        requireShape(3 | 3 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, strings.put(0, a0), strings.put(1, a1), narrow(2, a2), 0, 0, 0);
        }
    }

    /** Fires with 3 arguments (String, String, String); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(String a0, String a1, String a2) {
        requireShape(3 | 7 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, strings.put(0, a0), strings.put(1, a1), strings.put(2, a2), 0, 0, 0);
        }
    }

    /** Fires with 4 arguments (long, long, long, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, long a1, long a2, long a3) {
        requireShape(4);
        if (isEnabled()) {
            ProbeCall.call(function, narrow(0, a0), narrow(1, a1), narrow(2, a2), narrow(3, a3), 0, 0);
        }
    }

    /** Fires with 4 arguments (long, long, long, String); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, long a1, long a2, String a3) {
        requireShape(4 | 8 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, narrow(0, a0), narrow(1, a1), narrow(2, a2), strings.put(3, a3), 0, 0);
        }
    }

    /** Fires with 4 arguments (long, long, String, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, long a1, String a2, long a3) {
        requireShape(4 | 4 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, narrow(0, a0), narrow(1, a1), strings.put(2, a2), narrow(3, a3), 0, 0);
        }
    }

    /** Fires with 4 arguments (long, long, String, String); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, long a1, String a2, String a3) {
        requireShape(4 | 12 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, narrow(0, a0), narrow(1, a1), strings.put(2, a2), strings.put(3, a3), 0, 0);
        }
    }

    /** Fires with 4 arguments (long, String, long, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, String a1, long a2, long a3) {
        requireShape(4 | 2 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, narrow(0, a0), strings.put(1, a1), narrow(2, a2), narrow(3, a3), 0, 0);
        }
    }

    /** Fires with 4 arguments (long, String, long, String); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, String a1, long a2, String a3) {
        requireShape(4 | 10 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, narrow(0, a0), strings.put(1, a1), narrow(2, a2), strings.put(3, a3), 0, 0);
        }
    }

    /** Fires with 4 arguments (long, String, String, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, String a1, String a2, long a3) {
        requireShape(4 | 6 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, narrow(0, a0), strings.put(1, a1), strings.put(2, a2), narrow(3, a3), 0, 0);
        }
    }

    /** Fires with 4 arguments (long, String, String, String); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, String a1, String a2, String a3) {
        requireShape(4 | 14 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, narrow(0, a0), strings.put(1, a1), strings.put(2, a2), strings.put(3, a3), 0, 0);
        }
    }

    /** Fires with 4 arguments (String, long, long, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(String a0, long a1, long a2, long a3) {
        requireShape(4 | 1 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, strings.put(0, a0), narrow(1, a1), narrow(2, a2), narrow(3, a3), 0, 0);
        }
    }

    /** Fires with 4 arguments (String, long, long, String); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(String a0, long a1, long a2, String a3) {
        requireShape(4 | 9 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, strings.put(0, a0), narrow(1, a1), narrow(2, a2), strings.put(3, a3), 0, 0);
        }
    }

    /** Fires with 4 arguments (String, long, String, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(String a0, long a1, String a2, long a3) {
        requireShape(4 | 5 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, strings.put(0, a0), narrow(1, a1), strings.put(2, a2), narrow(3, a3), 0, 0);
        }
    }

    /** Fires with 4 arguments (String, long, String, String); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(String a0, long a1, String a2, String a3) {
        requireShape(4 | 13 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, strings.put(0, a0), narrow(1, a1), strings.put(2, a2), strings.put(3, a3), 0, 0);
        }
    }

    /** Fires with 4 arguments (String, String, long, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(String a0, String a1, long a2, long a3) {
        requireShape(4 | 3 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, strings.put(0, a0), strings.put(1, a1), narrow(2, a2), narrow(3, a3), 0, 0);
        }
    }

    /** Fires with 4 arguments (String, String, long, String); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(String a0, String a1, long a2, String a3) {
        requireShape(4 | 11 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, strings.put(0, a0), strings.put(1, a1), narrow(2, a2), strings.put(3, a3), 0, 0);
        }
    }

    /** Fires with 4 arguments (String, String, String, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(String a0, String a1, String a2, long a3) {
        requireShape(4 | 7 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, strings.put(0, a0), strings.put(1, a1), strings.put(2, a2), narrow(3, a3), 0, 0);
        }
    }

    /** Fires with 4 arguments (String, String, String, String); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(String a0, String a1, String a2, String a3) {
        requireShape(4 | 15 << 3);
        if (isEnabled()) {
            NativeStrings strings = NativeStrings.current();
            ProbeCall.call(function, strings.put(0, a0), strings.put(1, a1), strings.put(2, a2), strings.put(3, a3), 0, 0);
        }
    }

    /** Fires with 5 arguments (long, long, long, long, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, long a1, long a2, long a3, long a4) {
        requireShape(5);
        if (isEnabled()) {
            ProbeCall.call(function, narrow(0, a0), narrow(1, a1), narrow(2, a2), narrow(3, a3), narrow(4, a4), 0);
        }
    }

    /** Fires with 6 arguments (long, long, long, long, long, long); see {@link Probe}. @throws IllegalArgumentException if the probe was declared otherwise */
    public void fire(long a0, long a1, long a2, long a3, long a4, long a5) {
        requireShape(6);
        if (isEnabled()) {
            ProbeCall.call(function, narrow(0, a0), narrow(1, a1), narrow(2, a2), narrow(3, a3), narrow(4, a4), narrow(5, a5));
        }
    }

    /**
     * Fires with any argument shape: {@code Long}, {@code Integer}, {@code Short}, {@code Byte} or
     * {@code Boolean} for integer types, {@code String} or null for strings. Boxes and allocates;
     * prefer a typed overload on hot paths.
     *
     * @param args the arguments, as many as declared
     * @throws IllegalArgumentException if the count or a type does not match the declaration
     */
    public void fire(Object... args) {
        if (args.length != types.length) {
            throw mismatch(describe(args));
        }
        long[] raw = new long[6];
        NativeStrings strings = null;
        boolean enabled = isEnabled();
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (types[i] == ArgType.STRING) {
                if (arg != null && !(arg instanceof String)) {
                    throw mismatch(describe(args));
                }
                if (enabled) {
                    strings = strings == null ? NativeStrings.current() : strings;
                    raw[i] = strings.put(i, (String) arg);
                }
            } else {
                raw[i] = narrow(i, integerValue(arg, args));
            }
        }
        if (enabled) {
            ProbeCall.call(function, raw[0], raw[1], raw[2], raw[3], raw[4], raw[5]);
        }
    }

    private long integerValue(Object arg, Object[] args) {
        if (arg instanceof Long || arg instanceof Integer || arg instanceof Short || arg instanceof Byte) {
            return ((Number) arg).longValue();
        }
        if (arg instanceof Boolean) {
            return (Boolean) arg ? 1 : 0;
        }
        throw mismatch(describe(args));
    }

    private long narrow(int i, long value) {
        return types[i].narrow(value);
    }

    private void requireShape(int called) {
        if (called != shape) {
            throw mismatch(describeShape(called));
        }
    }

    private static int shapeOf(ArgType[] types) {
        int stringMask = 0;
        for (int i = 0; i < types.length; i++) {
            if (types[i] == ArgType.STRING) {
                stringMask |= 1 << i;
            }
        }
        return types.length | stringMask << 3;
    }

    private IllegalArgumentException mismatch(String called) {
        StringJoiner declared = new StringJoiner(", ", "(", ")");
        for (ArgType t : types) {
            declared.add(t.name().toLowerCase(java.util.Locale.ROOT));
        }
        return new IllegalArgumentException("probe " + provider.name() + ":" + name + " takes " + declared
            + " but fire was called with " + called);
    }

    private static String describeShape(int shape) {
        StringJoiner called = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < (shape & 7); i++) {
            called.add((shape >> (3 + i) & 1) != 0 ? "String" : "long");
        }
        return called.toString();
    }

    private static String describe(Object[] args) {
        StringJoiner called = new StringJoiner(", ", "(", ")");
        for (Object arg : args) {
            called.add(arg == null ? "null" : arg.getClass().getSimpleName());
        }
        return called.toString();
    }
}
