package dev.hotscope.bpf.unwind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A user stack as {@link Unwinder} walked it: the instruction pointer, then the return address of
 * each caller, innermost first (the layout {@code Symbolizer.symbolizeStack} expects), and why the
 * walk ended.
 *
 * @param addresses the rip, then return addresses; a copy is kept and returned
 * @param cfiSteps how many callers were found with {@code .eh_frame}
 * @param framePointerSteps how many callers were found by frame pointer
 * @param stop why the walk ended
 */
public record UnwoundStack(long[] addresses, int cfiSteps, int framePointerSteps, StopReason stop) {
    /** Why a walk ended. */
    public enum StopReason {
        /** The outermost frame: a zero return address, or CFI marking the return address undefined. */
        END_OF_STACK,
        /** {@link Unwinder#MAX_FRAMES} frames were found. */
        MAX_FRAMES,
        /** The next frame's data lies outside the copied stack bytes. */
        LEFT_STACK_COPY,
        /** The next frame's stack pointer would not be above this one's: a loop or garbage. */
        SP_NOT_INCREASING,
        /** An address in no executable mapping (or a kernel address). */
        UNMAPPED_PC,
        /** The CFI here uses a DWARF expression this walker does not evaluate, or a register it does not track. */
        UNSUPPORTED_CFI,
        /** The CFI here is malformed. */
        BAD_CFI,
        /** A frame-pointer step was needed but rbp is unknown (a callee did not say where it saved it). */
        NO_FRAME_POINTER,
    }

    /**
     * Creates a stack.
     *
     * @throws NullPointerException if an argument is null
     */
    public UnwoundStack {
        addresses = addresses.clone();
        Objects.requireNonNull(stop, "stop");
    }

    @Override
    public long[] addresses() {
        return addresses.clone();
    }

    /** The number of frames (the rip included). */
    public int depth() {
        return addresses.length;
    }

    /** The address of frame {@code i}, 0 innermost. */
    public long address(int i) {
        return addresses[i];
    }

    /** The addresses as a list. */
    public List<Long> frames() {
        List<Long> list = new ArrayList<>(addresses.length);
        for (long a : addresses) {
            list.add(a);
        }
        return list;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnwoundStack u && Arrays.equals(u.addresses, addresses) && u.cfiSteps == cfiSteps
            && u.framePointerSteps == framePointerSteps && u.stop == stop;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(addresses) * 31 + stop.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("UnwoundStack[");
        for (int i = 0; i < addresses.length; i++) {
            s.append(i == 0 ? "" : " ").append("0x").append(Long.toHexString(addresses[i]));
        }
        return s.append("; cfi ").append(cfiSteps).append(", fp ").append(framePointerSteps).append(", ").append(stop)
            .append(']').toString();
    }
}
