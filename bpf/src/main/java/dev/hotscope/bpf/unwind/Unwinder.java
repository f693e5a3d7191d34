package dev.hotscope.bpf.unwind;

import dev.hotscope.bpf.proc.FileCache;
import dev.hotscope.bpf.proc.LiveMaps;
import dev.hotscope.bpf.proc.ProcessMaps.Mapping;
import dev.hotscope.bpf.unwind.UnwoundStack.StopReason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Walks the user stack of a thread of one process from its registers (rip, rsp, rbp) and a copy
 * of the top of its stack, as {@code perf --call-graph dwarf} does: through native code with the
 * {@code .eh_frame} CFI of the mapped file, and through code without CFI (the JVM's code cache,
 * which is anonymous memory; files without {@code .eh_frame}) by frame pointer: return address at
 * {@code [rbp+8]}, caller's rbp at {@code [rbp]}, caller's rsp {@code rbp+16}. Java frames
 * therefore unwind when the JVM runs with {@code -XX:+PreserveFramePointer} (interpreted frames
 * always keep rbp).
 *
 * <p>Callers' return addresses are looked up as {@code ra - 1} (the call instruction), so a call
 * that ends a function is not taken for the next one. The walk stops at a zero return address or
 * CFI marking the outermost frame, when the data needed lies outside the stack copy, when the
 * stack pointer would not grow, at an address in no executable mapping, or after
 * {@link #MAX_FRAMES} frames.
 *
 * <p>Parsed CFI is shared across unwinders, per file (device, inode, path); the load bias comes
 * from {@code /proc/PID/maps} and the file's {@code PT_LOAD} segments, as for the symbolizer. An
 * address in no mapping makes the unwinder re-read the maps, at most once a second. Thread-safe.
 */
public final class Unwinder {
    /** The most frames a walk returns (the rip included). */
    public static final int MAX_FRAMES = 128;
    private static final long USER_END = 0x0000_8000_0000_0000L;
    private static final int STEP_SLOTS = 4096;
    /** A file that cannot be read has no CFI: its frames are walked by frame pointer. */
    private static final EhFrame NO_CFI = EhFrame.parse("none", new byte[0], 0, null, 0);
    private static final FileCache<EhFrame> CFI = new FileCache<>(NO_CFI, EhFrame::read,
        image -> EhFrame.of(image, "[vdso]"));

    private final long pid;
    private final LiveMaps maps;
    private volatile Step[] steps = new Step[STEP_SLOTS];

    private Unwinder(long pid, LiveMaps maps) {
        this.pid = pid;
        this.maps = maps;
    }

    /**
     * Creates an unwinder for a process; reads its maps now, and a file's CFI when a walk first
     * meets the file (10 to 30 ms for libjvm.so: its 1.5 MB {@code .eh_frame} is read, not indexed,
     * thanks to {@code .eh_frame_hdr}).
     *
     * @param pid the process id; this process works too
     * @return the unwinder
     * @throws IllegalArgumentException if there is no such process or its maps cannot be read
     */
    public static Unwinder forProcess(long pid) {
        return new Unwinder(pid, LiveMaps.of(pid, true));
    }

    /** The process id. */
    public long pid() {
        return pid;
    }

    /**
     * Walks a sample's stack.
     *
     * @param sample registers and stack copy; not null
     * @return the stack; never null, at least the rip
     */
    public UnwoundStack unwind(UserStackSample sample) {
        return unwind(sample.ip(), sample.sp(), sample.bp(), sample.stack());
    }

    /**
     * Walks a stack.
     *
     * @param rip the user instruction pointer (the first frame, symbolized exactly)
     * @param rsp the user stack pointer: the address of {@code stack}'s first byte
     * @param rbp the user frame pointer register (whatever it holds: code without frame pointers
     *     uses it freely, and the CFI says when it is a frame pointer)
     * @param stack the stack bytes from rsp up, from position to limit; not null, not changed
     * @return the stack; never null, at least the rip
     */
    public UnwoundStack unwind(long rip, long rsp, long rbp, ByteBuffer stack) {
        Objects.requireNonNull(stack, "stack");
        ByteBuffer copy = stack.slice().order(ByteOrder.LITTLE_ENDIAN);
        long copyEnd = rsp + copy.remaining();
        long[] out = new long[16];
        int n = 0;
        out[n++] = rip;
        int cfiSteps = 0;
        int fpSteps = 0;
        long pc = rip;
        long sp = rsp;
        long bp = rbp;
        boolean bpKnown = true;
        StopReason stop;
        while (true) {
            if (n >= MAX_FRAMES) {
                stop = StopReason.MAX_FRAMES;
                break;
            }
            long lookup = n == 1 ? pc : pc - 1;
            if (Long.compareUnsigned(lookup, USER_END) >= 0) {
                stop = StopReason.UNMAPPED_PC;
                break;
            }
            Step step = step(lookup);
            if (step.stop != null) {
                stop = step.stop;
                break;
            }
            CfiRow row = step.row;
            long ra;
            long newSp;
            long newBp;
            boolean newBpKnown;
            if (row != null) {
                long cfa;
                switch (row.cfa()) {
                    case REGISTER_OFFSET -> {
                        if (row.cfaRegister() == CfiRow.RSP) {
                            cfa = sp + row.cfaOffset();
                        } else if (row.cfaRegister() == CfiRow.RBP && bpKnown) {
                            cfa = bp + row.cfaOffset();
                        } else {
                            return done(out, n, cfiSteps, fpSteps, row.cfaRegister() == CfiRow.RBP
                                ? StopReason.NO_FRAME_POINTER : StopReason.UNSUPPORTED_CFI);
                        }
                    }
                    case PLT -> cfa = sp + row.cfaOffset() + ((pc & 15) >= row.pltThreshold() ? 8 : 0);
                    default -> {
                        return done(out, n, cfiSteps, fpSteps, StopReason.UNSUPPORTED_CFI);
                    }
                }
                switch (row.ra()) {
                    case OFFSET -> {
                        long at = cfa + row.raOffset();
                        if (!inside(at, rsp, copyEnd)) {
                            return done(out, n, cfiSteps, fpSteps, StopReason.LEFT_STACK_COPY);
                        }
                        ra = copy.getLong((int) (at - rsp));
                    }
                    case UNDEFINED -> {
                        return done(out, n, cfiSteps, fpSteps, StopReason.END_OF_STACK);
                    }
                    default -> {
                        return done(out, n, cfiSteps, fpSteps, StopReason.UNSUPPORTED_CFI);
                    }
                }
                newSp = cfa;
                switch (row.rbp()) {
                    case SAME_VALUE -> {
                        newBp = bp;
                        newBpKnown = bpKnown;
                    }
                    case OFFSET -> {
                        long at = cfa + row.rbpOffset();
                        newBpKnown = inside(at, rsp, copyEnd);
                        newBp = newBpKnown ? copy.getLong((int) (at - rsp)) : 0;
                    }
                    case VAL_OFFSET -> {
                        newBp = cfa + row.rbpOffset();
                        newBpKnown = true;
                    }
                    case REGISTER -> {
                        newBpKnown = row.rbpOffset() == CfiRow.RSP || row.rbpOffset() == CfiRow.RBP && bpKnown;
                        newBp = row.rbpOffset() == CfiRow.RSP ? sp : bp;
                    }
                    default -> {
                        newBp = 0;
                        newBpKnown = false;
                    }
                }
                cfiSteps++;
            } else {
                if (!bpKnown) {
                    stop = StopReason.NO_FRAME_POINTER;
                    break;
                }
                if (!inside(bp, rsp, copyEnd) || !inside(bp + 8, rsp, copyEnd)) {
                    stop = StopReason.LEFT_STACK_COPY;
                    break;
                }
                newBp = copy.getLong((int) (bp - rsp));
                ra = copy.getLong((int) (bp + 8 - rsp));
                newSp = bp + 16;
                newBpKnown = true;
                fpSteps++;
            }
            if (ra == 0) {
                stop = StopReason.END_OF_STACK;
                break;
            }
            if (Long.compareUnsigned(newSp, sp) <= 0) {
                stop = StopReason.SP_NOT_INCREASING;
                break;
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, Math.min(MAX_FRAMES, n * 2));
            }
            out[n++] = ra;
            pc = ra;
            sp = newSp;
            bp = newBp;
            bpKnown = newBpKnown;
        }
        return done(out, n, cfiSteps, fpSteps, stop);
    }

    private static UnwoundStack done(long[] out, int n, int cfiSteps, int fpSteps, StopReason stop) {
        return new UnwoundStack(Arrays.copyOf(out, n), cfiSteps, fpSteps, stop);
    }

    /** Whether the 8 bytes at an address lie in the copy [rsp, end). */
    private static boolean inside(long address, long rsp, long end) {
        return Long.compareUnsigned(address, rsp) >= 0 && Long.compareUnsigned(address, end - 8) <= 0
            && Long.compareUnsigned(end - 8, end) < 0;
    }

    /**
     * How to step out of the frame at an address: its CFI row, or null for a frame-pointer step, or
     * a reason to stop. Cached by address in a direct-mapped table of immutable entries.
     */
    private Step step(long lookup) {
        Step[] table = steps;
        int slot = (int) (lookup ^ lookup >>> 17) & (STEP_SLOTS - 1);
        Step s = table[slot];
        if (s != null && s.address == lookup) {
            return s;
        }
        Mapping m = mapping(lookup);
        if (m == null) {
            return new Step(lookup, null, StopReason.UNMAPPED_PC); // not cached: the maps may catch up
        }
        CfiRow row = null;
        StopReason stop = null;
        EhFrame cfi = CFI.get(pid, m); // empty for anonymous memory: the JIT code cache
        if (!cfi.isEmpty()) {
            long vaddr = cfi.vaddrOfFileOffset(lookup - m.start + m.offset);
            if (vaddr >= 0) {
                try {
                    row = cfi.rowAt(vaddr);
                } catch (CfiException e) {
                    stop = StopReason.BAD_CFI;
                }
            }
        }
        s = new Step(lookup, row, stop);
        table[slot] = s;
        return s;
    }

    /** A cached step: the address, its CFI row (null: by frame pointer) or why to stop there. */
    private record Step(long address, CfiRow row, StopReason stop) {}

    private Mapping mapping(long address) {
        Mapping m = maps.current().find(address);
        if (m == null && refreshMaps(false)) {
            m = maps.current().find(address);
        }
        return m;
    }

    /** Re-reads the process's mappings now (code loaded or the code cache grown since). */
    public void refresh() {
        refreshMaps(true);
    }

    private boolean refreshMaps(boolean force) {
        if (!maps.refresh(force)) {
            return false;
        }
        steps = new Step[STEP_SLOTS]; // cached steps may name code that moved
        return true;
    }

    @Override
    public String toString() {
        return "Unwinder[pid " + pid + ", " + maps.current().mappings().size() + " code mappings]";
    }
}
