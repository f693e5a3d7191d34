package dev.hotscope.javaagent.internal.profiler;

/** Why async-profiler is not started, in one line that goes to the user as is. */
final class ProfilerUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    ProfilerUnavailable(String line) {
        super(line, null, false, false);
    }
}
