package dev.hotscope.jfr.writer;

/** What kind of code a frame is in, written as the frame's {@code type} (JMC's "Frame Type" column). */
public enum FrameType {
    /** A Java frame taken in-process: the method and line are known, whether it was compiled is not. */
    JAVA("Java"),
    /** A Java method compiled by C1 or C2, named from the JVM's perf map. */
    JIT_COMPILED("JIT compiled"),
    /** HotSpot's interpreter: the Java method itself is not known from the address. */
    INTERPRETED("Interpreted"),
    /** A Java native method, or a function of a native library (the JVM, libc, JNI code). */
    NATIVE("Native"),
    /** A kernel function. */
    KERNEL("Kernel"),
    /** An address nothing names. */
    UNKNOWN("Unknown");

    private final String description;

    FrameType(String description) {
        this.description = description;
    }

    /** The text JFR tools show for this type; never null. */
    public String description() {
        return description;
    }
}
