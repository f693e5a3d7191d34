package dev.hotscope.javaagent.internal.session;

import dev.hotscope.bpf.symbols.Frame;
import dev.hotscope.bpf.symbols.FrameKind;
import dev.hotscope.bpf.symbols.Symbolizer;

/** Stacks as the {@code stack} field of hotscope's events: innermost frame first, one a line. */
final class StackText {
    static final int MAX_FRAMES = 64;

    private final Symbolizer symbols;
    private final Frame[] frames = new Frame[MAX_FRAMES];

    StackText(Symbolizer symbols) {
        this.symbols = symbols;
    }

    /** The JVM's own frames of a thread, as {@code Thread.getStackTrace()} gives them. */
    static String ofJava(StackTraceElement[] stack) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < stack.length && i < MAX_FRAMES; i++) {
            StackTraceElement e = stack[i];
            s.append(e.getClassName()).append('.').append(e.getMethodName());
            if (e.getLineNumber() >= 0) {
                s.append(':').append(e.getLineNumber());
            }
            s.append(e.isNativeMethod() ? " [native]" : " [java]").append('\n');
        }
        return s.toString();
    }

    /**
     * Symbolizes BPF user stack addresses (pc first, then return addresses) and kernel addresses after
     * them, each line saying what kind of frame it is.
     */
    String ofAddresses(long[] user, long[] kernel) {
        StringBuilder s = new StringBuilder();
        append(s, kernel, true);
        append(s, user, false);
        return s.toString();
    }

    private void append(StringBuilder s, long[] addresses, boolean kernel) {
        if (addresses == null || addresses.length == 0) {
            return;
        }
        int n = Math.min(addresses.length, MAX_FRAMES);
        try {
            symbols.symbolizeStack(addresses, n, frames);
        } catch (RuntimeException e) {
            for (int i = 0; i < n; i++) {
                s.append(String.format("0x%x [%s]%n", addresses[i], kernel ? "kernel" : "unknown"));
            }
            return;
        }
        int first = kernel ? firstOwnKernelFrame(n) : 0;
        for (int i = first; i < n; i++) {
            Frame f = frames[i];
            s.append(f.name()).append(" [").append(label(f)).append("]\n");
        }
    }

    /** The kernel stack of a BPF program starts with the program and the tracepoint's glue: skip them. */
    private int firstOwnKernelFrame(int n) {
        int first = 0;
        while (first < n && isTracingGlue(frames[first].name())) {
            first++;
        }
        return first == n ? 0 : first;
    }

    private static boolean isTracingGlue(String name) {
        return name.startsWith("bpf_prog_") || name.startsWith("bpf_trace_run") || name.startsWith("__bpf_trace_")
            || name.startsWith("__traceiter_") || name.startsWith("syscall_exit_work")
            || name.startsWith("trace_call_bpf") || name.startsWith("perf_trace_");
    }

    private static String label(Frame f) {
        FrameKind kind = f.kind();
        switch (kind) {
            case JAVA_JIT: return "java jit";
            case JAVA_INTERPRETED: return "java interpreted";
            case NATIVE: return "native " + shortModule(f.module());
            case KERNEL: return "kernel";
            default: return "unknown " + shortModule(f.module());
        }
    }

    private static String shortModule(String module) {
        if (module == null) {
            return "";
        }
        int slash = module.lastIndexOf('/');
        return slash < 0 ? module : module.substring(slash + 1);
    }
}
