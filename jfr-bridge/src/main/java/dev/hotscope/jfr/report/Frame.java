package dev.hotscope.jfr.report;

/**
 * One frame as the report shows it: a name without offsets or argument lists, so that calls from
 * the same method add up, its line when known, and its kind as jfr-converter colors it
 * ({@code one.convert.Frame.TYPE_*}).
 */
record Frame(String name, int line, byte type) {
    static final byte INTERPRETED = one.convert.Frame.TYPE_INTERPRETED;
    static final byte JIT = one.convert.Frame.TYPE_JIT_COMPILED;
    static final byte INLINED = one.convert.Frame.TYPE_INLINED;
    static final byte NATIVE = one.convert.Frame.TYPE_NATIVE;
    static final byte CPP = one.convert.Frame.TYPE_CPP;
    static final byte KERNEL = one.convert.Frame.TYPE_KERNEL;
    static final byte C1 = one.convert.Frame.TYPE_C1_COMPILED;

    boolean isJava() {
        return type == INTERPRETED || type == JIT || type == INLINED || type == C1;
    }

    boolean isKernel() {
        return type == KERNEL;
    }

    /** The frame as the text summary prints it: {@code name:line}, and the kind unless it is Java. */
    String describe() {
        String where = line > 0 ? name + ":" + line : name;
        if (isJava()) {
            return where;
        }
        return where + (type == KERNEL ? " [kernel]" : " [native]");
    }
}
