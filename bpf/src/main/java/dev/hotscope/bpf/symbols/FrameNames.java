package dev.hotscope.bpf.symbols;

/** How symbolized frames are shortened for people and tools: the parts the agent and the lab share. */
public final class FrameNames {
    private FrameNames() {}

    /**
     * Returns the file name of a module path ({@code libc.so.6} for {@code /usr/lib/.../libc.so.6}).
     *
     * @param module a path, or null
     * @return the part after the last slash; "" for null
     */
    public static String shortModule(String module) {
        if (module == null) {
            return "";
        }
        int slash = module.lastIndexOf('/');
        return slash < 0 ? module : module.substring(slash + 1);
    }

    /**
     * Returns a demangled C++ name without its parameter list ({@code os::PlatformEvent::park}): tools add
     * their own "()" after a name, and overloads are one frame in a profile anyway.
     *
     * @param function a function name; not null
     */
    public static String withoutParameters(String function) {
        int paren = function.indexOf('(');
        return paren > 0 ? function.substring(0, paren) : function;
    }

    /**
     * Returns how many of the innermost kernel frames are the BPF program and the tracepoint's machinery,
     * which sit on top of every kernel stack a BPF program takes.
     *
     * @param frames symbolized kernel frames, innermost first; not null
     * @param n how many of them are valid
     * @return the index of the first frame of the traced code; 0 when all look like glue
     */
    public static int firstOwnKernelFrame(Frame[] frames, int n) {
        int first = 0;
        while (first < n && isTracingGlue(frames[first].function())) {
            first++;
        }
        return first == n ? 0 : first;
    }

    private static boolean isTracingGlue(String name) {
        return name.startsWith("bpf_prog_") || name.startsWith("bpf_trace_run") || name.startsWith("__bpf_trace_")
            || name.startsWith("__traceiter_") || name.startsWith("syscall_exit_work")
            || name.startsWith("trace_call_bpf") || name.startsWith("perf_trace_");
    }
}
