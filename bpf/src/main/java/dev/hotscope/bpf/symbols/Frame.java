package dev.hotscope.bpf.symbols;

import java.util.Objects;

/**
 * One symbolized stack frame. Immutable; frames for the same address may be shared.
 *
 * <p>{@link #name()} is what to show: for native and kernel frames the function plus the offset of
 * the address into it ({@code JavaCalls::call_helper(...)+0x2f4}), for JIT frames the method as the
 * perf map names it ({@code long com.acme.Foo.bar(int)}), {@code [interpreter]} for interpreter
 * frames and {@code [unknown]} otherwise. {@link #function()} is the same without the offset, the
 * name to aggregate on.
 */
public final class Frame {
    private final FrameKind kind;
    private final String function;
    private final long offset;
    private final String module;
    private final long address;
    private final String name;

    /**
     * Creates a frame.
     *
     * @param kind the kind; not null
     * @param function the function or method name without offset; not null
     * @param offset the address's offset into the function, or -1 if not known or not shown
     * @param module the file name of the mapping, or a bracketed pseudo-name such as {@code [kernel]},
     *     {@code [codecache]}, {@code [anon]}, {@code [vdso]}; not null
     * @param address the address that was symbolized
     * @throws NullPointerException if an argument is null
     */
    public Frame(FrameKind kind, String function, long offset, String module, long address) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.function = Objects.requireNonNull(function, "function");
        this.module = Objects.requireNonNull(module, "module");
        this.offset = offset;
        this.address = address;
        this.name = offset < 0 ? function : function + "+0x" + Long.toHexString(offset);
    }

    /** The kind of code; never null. */
    public FrameKind kind() {
        return kind;
    }

    /** The display name: function and, for native and kernel frames, {@code +0x} offset; never null. */
    public String name() {
        return name;
    }

    /** The function or method name without offset; never null. */
    public String function() {
        return function;
    }

    /** The offset of {@link #address()} into {@link #function()}, or -1 if not known or not shown. */
    public long offset() {
        return offset;
    }

    /** The file name of the mapping or a bracketed pseudo-name; never null. */
    public String module() {
        return module;
    }

    /** The address that was symbolized. */
    public long address() {
        return address;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame && ((Frame) o).kind == kind && ((Frame) o).name.equals(name)
            && ((Frame) o).module.equals(module) && ((Frame) o).address == address;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, module, address);
    }

    /** {@code name (module)}. */
    @Override
    public String toString() {
        return name + " (" + module + ")";
    }
}
