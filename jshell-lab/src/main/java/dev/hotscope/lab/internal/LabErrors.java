package dev.hotscope.lab.internal;

import dev.hotscope.bpf.BpfException;
import java.io.UncheckedIOException;

/** Which exceptions are the lab telling the user no, rather than a bug to show with its stack. */
public final class LabErrors {
    private LabErrors() {}

    /**
     * Returns whether {@code t} is a refusal: an argument, state or BPF error raised by hotscope's own
     * code, whose message already says what was wrong and what to do.
     *
     * @param t the exception; null gives false
     */
    public static boolean isRefusal(Throwable t) {
        if (!(t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof UnsupportedOperationException || t instanceof BpfException
                || t instanceof UncheckedIOException || t instanceof NullPointerException)) {
            return false;
        }
        StackTraceElement[] stack = t.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().startsWith("dev.hotscope.")
            || stack.length > 1 && stack[0].getClassName().startsWith("java.util.Objects")
                && stack[1].getClassName().startsWith("dev.hotscope.");
    }

    /** Returns the exception's message as one line, or its class's simple name without one. */
    public static String oneLine(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.replace('\n', ' ').strip();
    }
}
