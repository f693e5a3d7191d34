package dev.hotscope.jfr.writer;

import java.util.Objects;

/**
 * One frame of a stack as it is written: a Java method with its class, descriptor and line, or a
 * native or kernel function, whose "class" is the library it is in ({@code libc.so.6}, {@code kernel}):
 * JFR tools expect every method to have a class. Immutable.
 */
public final class StackFrame {
    private final FrameType type;
    private final String className;
    private final boolean library;
    private final String method;
    private final String descriptor;
    private final int line;

    private StackFrame(FrameType type, String className, boolean library, String method, String descriptor, int line) {
        this.type = Objects.requireNonNull(type, "type");
        this.className = Objects.requireNonNull(className, "className");
        this.library = library;
        this.method = Objects.requireNonNull(method, "method");
        this.descriptor = descriptor == null ? "" : descriptor;
        this.line = line;
    }

    /**
     * A Java frame.
     *
     * @param type {@link FrameType#JAVA}, {@link FrameType#JIT_COMPILED} or another Java type; not null
     * @param className binary name with dots ({@code com.acme.Foo$Bar}); not null
     * @param method the method's name; not null
     * @param descriptor the JVM descriptor ({@code (I)V}), or null or empty when not known
     * @param line the line number, or -1 when not known
     * @return the frame; never null
     * @throws NullPointerException if type, className or method is null
     */
    public static StackFrame java(FrameType type, String className, String method, String descriptor, int line) {
        return new StackFrame(type, className, false, method, descriptor, line);
    }

    /**
     * A native or kernel function, or an unnamed address.
     *
     * @param type {@link FrameType#NATIVE}, {@link FrameType#KERNEL} or {@link FrameType#UNKNOWN}; not null
     * @param library the file the function is in ({@code libjvm.so}), {@code kernel}, or {@code unknown}; not null
     * @param function the function's name, without offset so that frames aggregate; not null
     * @return the frame; never null
     * @throws NullPointerException if an argument is null
     */
    public static StackFrame function(FrameType type, String library, String function) {
        return new StackFrame(type, withoutBrackets(library), true, function, "", -1);
    }

    /** JMC reads a class name that starts with '[' as an array type and fails on it: {@code [anon]} is {@code anon}. */
    private static String withoutBrackets(String library) {
        Objects.requireNonNull(library, "library");
        return library.startsWith("[") && library.endsWith("]") && library.length() > 2
            ? library.substring(1, library.length() - 1) : library;
    }

    /** The kind of code; never null. */
    public FrameType type() {
        return type;
    }

    /** The Java class's binary name, or the library of a native, kernel or unknown frame; never null. */
    public String className() {
        return className;
    }

    /** Whether {@link #className()} names a library (native, kernel, unknown frames), not a Java class. */
    public boolean isLibrary() {
        return library;
    }

    /** The method or function name; never null. */
    public String method() {
        return method;
    }

    /** The JVM descriptor, empty when not known; never null. */
    public String descriptor() {
        return descriptor;
    }

    /** The line number, or -1. */
    public int line() {
        return line;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StackFrame)) {
            return false;
        }
        StackFrame f = (StackFrame) o;
        return type == f.type && line == f.line && library == f.library && method.equals(f.method)
            && descriptor.equals(f.descriptor) && className.equals(f.className);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, className, method, descriptor, line);
    }

    /** {@code class.method:line [type]}, or {@code function [type library]}. */
    @Override
    public String toString() {
        if (library) {
            return method + " [" + type.description() + " " + className + "]";
        }
        return className + "." + method + (line >= 0 ? ":" + line : "") + " [" + type.description() + "]";
    }
}
