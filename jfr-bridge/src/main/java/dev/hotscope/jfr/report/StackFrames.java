package dev.hotscope.jfr.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;

/**
 * The stack of an event, innermost frame first: the JFR {@code stackTrace} when it has frames (the
 * agent's written file), else the {@code stack} text field (one {@code NAME [KIND]} frame a line).
 * Deep stacks keep their innermost {@link #MAX_DEPTH} frames.
 */
final class StackFrames {
    static final int MAX_DEPTH = 128;
    private static final Pattern OFFSET = Pattern.compile("\\+0x[0-9a-fA-F]+$");
    private static final Pattern LINE = Pattern.compile(":(\\d+)$");
    private static final int CACHED_TEXTS = 512;

    /** Events of one thread repeat the same stack text; parsing each once saves most of the work. */
    private final Map<String, List<Frame>> parsedTexts = new LinkedHashMap<>(CACHED_TEXTS * 2, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Frame>> eldest) {
            return size() > CACHED_TEXTS;
        }
    };

    List<Frame> of(RecordedEvent e) {
        RecordedStackTrace trace = e.getStackTrace();
        if (trace != null && !trace.getFrames().isEmpty()) {
            return fromTrace(trace);
        }
        String text = EventFields.string(e, "stack");
        return text.isEmpty() ? List.of() : parsedTexts.computeIfAbsent(text, StackFrames::parse);
    }

    static List<Frame> fromTrace(RecordedStackTrace trace) {
        List<RecordedFrame> frames = trace.getFrames();
        List<Frame> out = new ArrayList<>(Math.min(frames.size(), MAX_DEPTH));
        for (RecordedFrame f : frames) {
            if (out.size() == MAX_DEPTH) {
                break;
            }
            out.add(fromRecorded(f));
        }
        return Collections.unmodifiableList(out);
    }

    private static Frame fromRecorded(RecordedFrame f) {
        RecordedMethod method = f.getMethod();
        RecordedClass owner = method == null ? null : method.getType();
        String methodName = method == null || method.getName() == null ? "[unknown]" : method.getName();
        String className = owner == null || owner.getName() == null ? "" : owner.getName();
        String kind = f.getType() == null ? "" : f.getType();
        int line = Math.max(0, f.getLineNumber());
        if (kind.startsWith("Kernel")) {
            return new Frame(withoutOffset(methodName), 0, Frame.KERNEL);
        }
        if (kind.startsWith("Native") || kind.startsWith("Unknown") || kind.startsWith("C++")) {
            // Written native frames carry their library (libc.so.6, codecache) where a Java native method has its class.
            if (isJavaClass(className)) {
                return new Frame(className + "." + methodName, line, Frame.JIT);
            }
            String function = withoutOffset(methodName);
            return new Frame(function, 0, nativeType(function));
        }
        byte type = kind.startsWith("Interpreted") ? Frame.INTERPRETED : kind.startsWith("Inlined") ? Frame.INLINED
            : kind.startsWith("C1") ? Frame.C1 : Frame.JIT;
        String name = methodName.startsWith("[") || !isJavaClass(className) ? methodName : className + "." + methodName;
        return new Frame(name, line, type);
    }

    /** A Java class name, not a library ({@code libjvm.so}) or a pseudo-owner ({@code interpreter}, {@code codecache}). */
    private static boolean isJavaClass(String name) {
        return name.indexOf('.') > 0 && !name.contains(".so") && !name.endsWith(".dll") && !name.endsWith(".dylib");
    }

    /** Parses the {@code stack} field: {@code NAME [KIND]} per line, innermost first. */
    static List<Frame> parse(String text) {
        List<Frame> out = new ArrayList<>();
        int from = 0;
        while (from < text.length() && out.size() < MAX_DEPTH) {
            int end = text.indexOf('\n', from);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(from, end).strip();
            from = end + 1;
            if (!line.isEmpty()) {
                out.add(parseLine(line));
            }
        }
        return Collections.unmodifiableList(out);
    }

    static Frame parseLine(String line) {
        String name = line;
        String kind = "";
        int open = line.lastIndexOf(" [");
        if (open > 0 && line.endsWith("]")) {
            name = line.substring(0, open).strip();
            kind = line.substring(open + 2, line.length() - 1);
        }
        if (kind.equals("kernel")) {
            return new Frame(withoutOffset(name), 0, Frame.KERNEL);
        }
        if (kind.startsWith("java") || kind.equals("native") || kind.equals("Java") || kind.startsWith("JIT")
            || kind.startsWith("Interpreted") || kind.startsWith("Inlined")) {
            byte type = kind.endsWith("interpreted") || kind.startsWith("Interpreted") ? Frame.INTERPRETED
                : kind.startsWith("Inlined") ? Frame.INLINED : Frame.JIT;
            return javaFrame(name, type);
        }
        if (kind.equalsIgnoreCase("Kernel")) {
            return new Frame(withoutOffset(name), 0, Frame.KERNEL);
        }
        String function = withoutOffset(name);
        return new Frame(function, 0, nativeType(function));
    }

    /**
     * {@code com.acme.Foo.bar:42} (a frame the JVM gave) or {@code void com.acme.Foo.bar(int)} (a
     * JIT frame from the perf map): the method's qualified name and the line, if any.
     */
    private static Frame javaFrame(String text, byte type) {
        String name = text;
        int line = 0;
        var m = LINE.matcher(name);
        if (m.find()) {
            line = Integer.parseInt(m.group(1).length() > 9 ? "0" : m.group(1));
            name = name.substring(0, m.start());
        }
        int paren = name.indexOf('(');
        if (paren > 0) {
            name = name.substring(0, paren).strip();
            int space = name.lastIndexOf(' ');
            name = space >= 0 ? name.substring(space + 1) : name;
        }
        return new Frame(name.isEmpty() ? text : name, line, type);
    }

    private static String withoutOffset(String function) {
        String name = OFFSET.matcher(function).replaceFirst("");
        int paren = name.indexOf('(');
        // C++ argument lists tell overloads apart but split one method over several boxes.
        return paren > 0 && name.contains("::") ? name.substring(0, paren) : name;
    }

    private static byte nativeType(String function) {
        return function.contains("::") ? Frame.CPP : Frame.NATIVE;
    }
}
