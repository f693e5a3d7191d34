package dev.hotscope.lab.internal;

import dev.hotscope.bpf.symbols.Frame;
import dev.hotscope.bpf.symbols.FrameKind;
import dev.hotscope.bpf.symbols.FrameNames;
import dev.hotscope.bpf.symbols.Symbolizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BPF stack addresses as the lab's frame text: {@code com.acme.Foo.bar} for Java, {@code libc.so.6:read}
 * for native code, {@code [k] do_nanosleep} for the kernel, innermost first.
 */
final class StackNames {
    private static final int MAX_FRAMES = 128;
    /** A perf map's Java method: return type, class.method, parameters. */
    private static final Pattern JAVA_METHOD = Pattern.compile("\\S+ ([\\w$.]+\\.[\\w$<>]+)\\(.*\\)");

    private final Symbolizer symbols;
    private final Frame[] frames = new Frame[MAX_FRAMES];

    private StackNames(Symbolizer symbols) {
        this.symbols = symbols;
    }

    /** For one process; asks its JVM for a perf map so JIT frames get names. */
    static StackNames forProcess(long pid) {
        return new StackNames(Symbolizer.forProcess(pid, true));
    }

    /** The kernel frames (tracing glue skipped), then the user frames. */
    List<String> of(long[] user, long[] kernel) {
        List<String> out = new ArrayList<>();
        int k = symbolize(kernel);
        for (int i = FrameNames.firstOwnKernelFrame(frames, k); i < k; i++) {
            out.add("[k] " + frames[i].function());
        }
        int u = symbolize(user);
        for (int i = 0; i < u; i++) {
            out.add(text(frames[i]));
        }
        return out;
    }

    private int symbolize(long[] addresses) {
        if (addresses == null || addresses.length == 0) {
            return 0;
        }
        int n = Math.min(addresses.length, MAX_FRAMES);
        try {
            symbols.symbolizeStack(addresses, n, frames);
            return n;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static String text(Frame f) {
        switch (f.kind()) {
            case JAVA_JIT:
                Matcher m = JAVA_METHOD.matcher(f.function());
                return m.matches() ? m.group(1) : "[codecache] " + f.function();
            case JAVA_INTERPRETED:
                return "[interpreter]";
            case NATIVE:
                return FrameNames.shortModule(f.module()) + ":" + FrameNames.withoutParameters(f.function());
            default:
                return f.kind() == FrameKind.KERNEL ? "[k] " + f.function() : f.name();
        }
    }
}
