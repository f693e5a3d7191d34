package dev.hotscope.jfr.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import one.convert.Arguments;
import one.convert.CallStack;
import one.convert.FlameGraph;

/**
 * Time by stack: each event adds its duration to its stack and a leaf naming what it waited in (the
 * syscall, the off-CPU reason). At most {@link #MAX_STACKS} distinct stacks are kept; time of later
 * new stacks goes to one "[other stacks]" entry, so memory is bounded whatever the file's size.
 */
final class StackProfile {
    static final int MAX_STACKS = 5000;
    static final double MIN_WIDTH_PERCENT = 0.05;
    private static final int THREAD_NAMES = 3;
    private static final List<Frame> OTHER_STACKS = List.of(new Frame("[other stacks: more than " + MAX_STACKS
        + " distinct]", 0, Frame.NATIVE));

    private final String title;
    private final Map<Key, Sum> sums = new HashMap<>();
    private long totalNanos;
    private long overflowNanos;

    StackProfile(String title) {
        this.title = title;
    }

    String title() {
        return title;
    }

    void add(List<Frame> frames, String leaf, String threadName, long nanos) {
        add(frames, leaf, threadName, nanos, 1);
    }

    /** Adds time already summed over {@code count} intervals. */
    void add(List<Frame> frames, String leaf, String threadName, long nanos, long count) {
        if (nanos <= 0) {
            return;
        }
        Key key = new Key(frames, leaf);
        Sum sum = sums.get(key);
        if (sum == null) {
            if (sums.size() >= MAX_STACKS) {
                overflowNanos += nanos;
                key = new Key(OTHER_STACKS, leaf);
                sum = sums.computeIfAbsent(key, k -> new Sum());
            } else {
                sum = new Sum();
                sums.put(key, sum);
            }
        }
        sum.nanos += nanos;
        sum.count += count;
        if (sum.threads.size() < THREAD_NAMES) {
            sum.threads.add(threadName);
        }
        totalNanos += nanos;
    }

    boolean isEmpty() {
        return sums.isEmpty();
    }

    long totalNanos() {
        return totalNanos;
    }

    /** Time of stacks beyond the cap, lumped together. */
    long overflowNanos() {
        return overflowNanos;
    }

    /** The stacks with the most time, largest first. */
    List<Entry> top(int n) {
        TopN<Entry> top = new TopN<>(n);
        for (Map.Entry<Key, Sum> e : sums.entrySet()) {
            Sum s = e.getValue();
            top.offer(s.nanos, new Entry(e.getKey().frames, e.getKey().leaf, s.nanos, s.count, List.copyOf(s.threads)));
        }
        return top.largestFirst();
    }

    /**
     * The flame graph as jfr-converter draws it: a full HTML page, frames root first, kernel frames
     * left out (the leaf, typed kernel, names the syscall or reason), weights in nanoseconds.
     */
    String flameGraphPage() {
        Arguments args = new Arguments();
        args.title = title;
        // Frames narrower than this share of the total are not drawn: thin towers of deep stacks would
        // make the graph tall without showing anything readable.
        args.minwidth = MIN_WIDTH_PERCENT;
        FlameGraph graph = new FlameGraph(args);
        CallStack stack = new CallStack();
        for (Map.Entry<Key, Sum> e : sums.entrySet()) {
            stack.clear();
            List<Frame> frames = javaView(e.getKey().frames);
            if (frames.isEmpty()) {
                stack.push("[no stack]", Frame.NATIVE);
            }
            for (int i = frames.size() - 1; i >= 0; i--) {
                stack.push(frames.get(i).name(), frames.get(i).type());
            }
            stack.push(e.getKey().leaf, Frame.KERNEL);
            graph.addSample(stack, e.getValue().nanos);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.PrintStream out = new java.io.PrintStream(bytes, false, java.nio.charset.StandardCharsets.UTF_8)) {
            graph.dump(out);
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The stack without kernel frames: the flame graph is by Java (and native) stack. */
    static List<Frame> javaView(List<Frame> frames) {
        List<Frame> out = new ArrayList<>(frames.size());
        for (Frame f : frames) {
            if (!f.isKernel()) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * A few frames that say where a stack waited: the innermost non-kernel frame, then the innermost
     * Java frames (the ones a developer can change), at most {@code max} in all.
     */
    static List<String> shortStack(List<Frame> frames, int max) {
        List<Frame> view = javaView(frames);
        List<String> lines = new ArrayList<>();
        int firstJava = 0;
        while (firstJava < view.size() && !view.get(firstJava).isJava()) {
            firstJava++;
        }
        if (firstJava == view.size()) {
            firstJava = 0;
        } else if (firstJava > 0) {
            lines.add(view.get(0).describe());
            if (firstJava > 1) {
                lines.add("... " + (firstJava - 1) + " native frames");
            }
        }
        for (int i = firstJava; i < view.size() && lines.size() < max; ) {
            int same = 1;
            while (i + same < view.size() && view.get(i + same).equals(view.get(i))) {
                same++;
            }
            lines.add(view.get(i).describe() + (same > 1 ? " (x" + same + ")" : ""));
            i += same;
        }
        return lines;
    }

    /**
     * One stack's share.
     *
     * @param frames innermost first
     * @param leaf what it waited in
     * @param threads up to three threads that spent it
     */
    record Entry(List<Frame> frames, String leaf, long nanos, long count, List<String> threads) {}

    private record Key(List<Frame> frames, String leaf) {}

    private static final class Sum {
        long nanos;
        long count;
        final Set<String> threads = new LinkedHashSet<>();
    }
}
