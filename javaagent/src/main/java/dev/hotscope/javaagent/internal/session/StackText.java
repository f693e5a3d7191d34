package dev.hotscope.javaagent.internal.session;

import dev.hotscope.bpf.symbols.Frame;
import dev.hotscope.bpf.symbols.FrameKind;
import dev.hotscope.bpf.symbols.FrameNames;
import dev.hotscope.bpf.symbols.Symbolizer;
import dev.hotscope.jfr.writer.FrameType;
import dev.hotscope.jfr.writer.StackFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link Stack}s: from the JVM's own frames of a thread, from BPF's addresses, or both, the
 * kernel and native frames BPF saw inside the exact Java frames the JVM gave. Text lines are
 * {@code NAME [KIND]}. Agent thread only.
 */
final class StackText {
    static final int MAX_FRAMES = 64;
    private static final int MAX_CANONICAL = 20_000;

    private final Symbolizer symbols;
    private final Frame[] frames = new Frame[MAX_FRAMES];
    /** Equal stacks share one instance: events held for the written recording repeat a few stacks. */
    private final Map<String, Stack> canonical = new HashMap<>();

    StackText(Symbolizer symbols) {
        this.symbols = symbols;
    }

    /** The JVM's own frames of a thread, as {@code Thread.getStackTrace()} gives them. */
    static Stack ofJava(StackTraceElement[] stack) {
        Builder b = new Builder();
        b.addJava(stack);
        return b.build();
    }

    /**
     * Symbolizes BPF user stack addresses (pc first, then return addresses) and kernel addresses,
     * kernel frames first since they are innermost.
     */
    Stack ofAddresses(long[] user, long[] kernel) {
        Builder b = new Builder();
        addKernel(b, kernel);
        addUser(b, user, false);
        return canonical(b.build());
    }

    /**
     * A stack taken in-process while the thread waited, completed with what only BPF saw: the kernel
     * frames and the native frames above the innermost Java frame.
     */
    Stack merged(Stack inProcess, long[] user, long[] kernel) {
        if (length(user) == 0 && length(kernel) == 0) {
            return canonical(inProcess);
        }
        Builder b = new Builder();
        addKernel(b, kernel);
        addUser(b, user, true);
        b.append(inProcess);
        return canonical(b.build());
    }

    private Stack canonical(Stack s) {
        if (canonical.size() >= MAX_CANONICAL) {
            canonical.clear();
        }
        Stack known = canonical.putIfAbsent(s.text(), s);
        return known == null ? s : known;
    }

    private void addKernel(Builder b, long[] kernel) {
        int n = symbolize(b, kernel, true);
        for (int i = FrameNames.firstOwnKernelFrame(frames, n); i < n; i++) {
            b.add(frames[i]);
        }
    }

    /** Adds user frames; with {@code nativeOnly}, only those above the innermost Java frame. */
    private void addUser(Builder b, long[] user, boolean nativeOnly) {
        int n = symbolize(b, user, false);
        for (int i = 0; i < n; i++) {
            if (nativeOnly && isJava(frames[i])) {
                return;
            }
            b.add(frames[i]);
        }
    }

    /** Symbolizes into {@link #frames}; on failure adds the raw addresses and returns 0. */
    private int symbolize(Builder b, long[] addresses, boolean kernel) {
        if (addresses == null || addresses.length == 0) {
            return 0;
        }
        int n = Math.min(addresses.length, MAX_FRAMES);
        try {
            symbols.symbolizeStack(addresses, n, frames);
            return n;
        } catch (RuntimeException e) {
            for (int i = 0; i < n; i++) {
                b.addRaw(addresses[i], kernel);
            }
            return 0;
        }
    }

    /** A compiled or interpreted Java method; not a stub or adapter of the code cache. */
    private static boolean isJava(Frame f) {
        return f.kind() == FrameKind.JAVA_JIT && JitNames.isJavaMethod(f.function()) || f.kind() == FrameKind.JAVA_INTERPRETED;
    }

    private static int length(long[] a) {
        return a == null ? 0 : a.length;
    }

    /** Collects text lines and frames side by side. */
    private static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private final List<StackFrame> frames = new ArrayList<>();

        void addJava(StackTraceElement[] stack) {
            for (int i = 0; i < stack.length && frames.size() < MAX_FRAMES; i++) {
                StackTraceElement e = stack[i];
                text.append(e.getClassName()).append('.').append(e.getMethodName());
                if (e.getLineNumber() >= 0) {
                    text.append(':').append(e.getLineNumber());
                }
                text.append(e.isNativeMethod() ? " [native]" : " [java]").append('\n');
                frames.add(StackFrame.java(e.isNativeMethod() ? FrameType.NATIVE : FrameType.JAVA,
                    e.getClassName(), e.getMethodName(), "", Math.max(-1, e.getLineNumber())));
            }
        }

        void add(Frame f) {
            text.append(f.name()).append(" [").append(label(f)).append("]\n");
            frames.add(JitNames.toStackFrame(f));
        }

        void addRaw(long address, boolean kernel) {
            String name = String.format("0x%x", address);
            text.append(name).append(kernel ? " [kernel]\n" : " [unknown]\n");
            frames.add(StackFrame.function(kernel ? FrameType.KERNEL : FrameType.UNKNOWN,
                kernel ? "kernel" : "unknown", name));
        }

        void append(Stack s) {
            text.append(s.text());
            frames.addAll(s.frames());
        }

        Stack build() {
            return frames.isEmpty() ? Stack.NONE : new Stack(text.toString(), List.copyOf(frames));
        }

        private static String label(Frame f) {
            switch (f.kind()) {
                case JAVA_JIT: return "java jit";
                case JAVA_INTERPRETED: return "java interpreted";
                case NATIVE: return "native " + FrameNames.shortModule(f.module());
                case KERNEL: return "kernel";
                default: return "unknown " + FrameNames.shortModule(f.module());
            }
        }
    }
}
