package dev.hotscope.javaagent.internal.session;

import dev.hotscope.bpf.symbols.Frame;
import dev.hotscope.bpf.symbols.FrameNames;
import dev.hotscope.jfr.writer.FrameType;
import dev.hotscope.jfr.writer.StackFrame;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Symbolized BPF frames as written frames. JIT frames are named by the JVM's perf map in source
 * form ({@code long com.acme.Foo.bar(int, java.lang.String[])}); JFR wants the class, the method and
 * a JVM descriptor ({@code (I[Ljava/lang/String;)J}) so JMC shows them like its own frames.
 */
final class JitNames {
    private static final Pattern METHOD = Pattern.compile("(\\S+) ([\\w$.]+)\\.([\\w$<>]+)\\((.*)\\)");

    private JitNames() {
    }

    /** Whether a perf map name is a Java method ({@code void a.B.c(int)}), not a stub or adapter. */
    static boolean isJavaMethod(String perfMapName) {
        return METHOD.matcher(perfMapName).matches();
    }

    static StackFrame toStackFrame(Frame f) {
        switch (f.kind()) {
            case JAVA_JIT:
                Matcher m = METHOD.matcher(f.function());
                if (m.matches()) {
                    return StackFrame.java(FrameType.JIT_COMPILED, m.group(2), m.group(3),
                        descriptor(m.group(4), m.group(1)), -1);
                }
                return StackFrame.function(FrameType.NATIVE, "codecache", f.function()); // stubs, adapters
            case JAVA_INTERPRETED:
                return StackFrame.function(FrameType.INTERPRETED, "interpreter", f.function());
            case NATIVE:
                return StackFrame.function(FrameType.NATIVE, FrameNames.shortModule(f.module()), FrameNames.withoutParameters(f.function()));
            case KERNEL:
                return StackFrame.function(FrameType.KERNEL, "kernel", f.function());
            default:
                return StackFrame.function(FrameType.UNKNOWN, FrameNames.shortModule(f.module()), f.function());
        }
    }

    /** {@code (int, java.lang.String[])} and {@code long} as {@code (I[Ljava/lang/String;)J}. */
    static String descriptor(String params, String returnType) {
        StringBuilder d = new StringBuilder("(");
        for (String p : params.split(",")) {
            if (!p.isBlank()) {
                d.append(typeDescriptor(p.trim()));
            }
        }
        return d.append(')').append(typeDescriptor(returnType)).toString();
    }

    private static String typeDescriptor(String type) {
        int dims = 0;
        String t = type;
        while (t.endsWith("[]")) {
            dims++;
            t = t.substring(0, t.length() - 2);
        }
        return "[".repeat(dims) + primitive(t);
    }

    private static String primitive(String t) {
        switch (t) {
            case "void": return "V";
            case "boolean": return "Z";
            case "byte": return "B";
            case "char": return "C";
            case "short": return "S";
            case "int": return "I";
            case "long": return "J";
            case "float": return "F";
            case "double": return "D";
            default: return "L" + t.replace('.', '/') + ";";
        }
    }
}
