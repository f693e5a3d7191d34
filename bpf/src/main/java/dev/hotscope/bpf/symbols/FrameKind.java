package dev.hotscope.bpf.symbols;

/** What kind of code a stack frame's address lies in. */
public enum FrameKind {
    /**
     * A method compiled by C1 or C2, or a stub in the JVM's code cache (module {@code [codecache]}),
     * or other JIT code a process's perf map names; named from the perf map.
     */
    JAVA_JIT,
    /** HotSpot's template interpreter; the Java method itself is not known from the address. */
    JAVA_INTERPRETED,
    /** A function of a mapped ELF file (the JVM, libc, JNI libraries, the vDSO). */
    NATIVE,
    /** A kernel function, named from {@code /proc/kallsyms}. */
    KERNEL,
    /** Nothing known names this address. */
    UNKNOWN
}
