package dev.hotscope.bpf.unwind;

/**
 * The unwind rules of x86-64 code at one address, as far as a stack walk needs them: how to find
 * the canonical frame address (CFA, the caller's rsp) and where the caller's rbp and the return
 * address are. Produced by {@link EhFrame#rowAt(long)}.
 *
 * @param cfa how the CFA is computed
 * @param cfaRegister for {@link CfaRule#REGISTER_OFFSET}: the DWARF register (7 rsp, 6 rbp, …);
 *     for {@link CfaRule#PLT}: 7; else -1
 * @param cfaOffset added to the register (for {@link CfaRule#PLT}: before the +8 adjustment)
 * @param pltThreshold for {@link CfaRule#PLT}: the CFA is 8 more when {@code (rip & 15) >= pltThreshold}
 * @param rbp how the caller's rbp is recovered
 * @param rbpOffset the offset from the CFA of {@link Rule#OFFSET} and {@link Rule#VAL_OFFSET}, the
 *     register of {@link Rule#REGISTER}
 * @param ra how the return address is recovered (on x86-64 always {@code OFFSET -8} in code a
 *     caller can return to; {@link Rule#UNDEFINED} marks the outermost frame)
 * @param raOffset as {@code rbpOffset}, for the return address
 */
public record CfiRow(CfaRule cfa, int cfaRegister, long cfaOffset, int pltThreshold, Rule rbp, long rbpOffset,
                     Rule ra, long raOffset) {

    /** DWARF register numbers of x86-64 (System V psABI). */
    public static final int RBP = 6;
    public static final int RSP = 7;
    public static final int RETURN_ADDRESS = 16;

    /** How the CFA is computed. */
    public enum CfaRule {
        /** {@code register + offset}. */
        REGISTER_OFFSET,
        /**
         * The lazy-binding PLT's expression {@code rsp + offset + ((rip & 15) >= threshold ? 8 : 0)}
         * ({@code DW_OP_breg7; DW_OP_breg16 0; lit15; and; litN; ge; lit3; shl; plus}).
         */
        PLT,
        /** Any other DWARF expression: this walker cannot unwind here. */
        EXPRESSION,
    }

    /** How a register of the caller is recovered. */
    public enum Rule {
        /** Not recoverable (for the return address: there is no caller). */
        UNDEFINED,
        /** Unchanged by this frame. */
        SAME_VALUE,
        /** Saved at {@code CFA + offset}. */
        OFFSET,
        /** Is {@code CFA + offset}. */
        VAL_OFFSET,
        /** Is held in another register (the offset field holds its number). */
        REGISTER,
        /** Given by a DWARF expression, which this walker does not evaluate. */
        EXPRESSION,
    }

    /** Whether the CFA is {@code rsp + offset}, as at every function's entry. */
    public boolean cfaIsRspPlus(long offset) {
        return cfa == CfaRule.REGISTER_OFFSET && cfaRegister == RSP && cfaOffset == offset;
    }

    @Override
    public String toString() {
        String c = switch (cfa) {
            case REGISTER_OFFSET -> register(cfaRegister) + (cfaOffset >= 0 ? "+" : "") + cfaOffset;
            case PLT -> "rsp+" + cfaOffset + "+plt(" + pltThreshold + ")";
            case EXPRESSION -> "exp";
        };
        return "cfa=" + c + " rbp=" + rule(rbp, rbpOffset) + " ra=" + rule(ra, raOffset);
    }

    private static String rule(Rule r, long offset) {
        return switch (r) {
            case UNDEFINED -> "u";
            case SAME_VALUE -> "s";
            case OFFSET -> "c" + (offset >= 0 ? "+" : "") + offset;
            case VAL_OFFSET -> "v" + (offset >= 0 ? "+" : "") + offset;
            case REGISTER -> register((int) offset);
            case EXPRESSION -> "exp";
        };
    }

    private static String register(int r) {
        return switch (r) {
            case RBP -> "rbp";
            case RSP -> "rsp";
            case RETURN_ADDRESS -> "rip";
            default -> "r" + r;
        };
    }
}
