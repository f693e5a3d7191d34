package dev.hotscope.javaagent.internal.profiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import one.profiler.AsyncProfiler;

/**
 * The one class that touches {@code one.profiler}: if async-profiler's classes are missing, only
 * calls into this class fail (with an Error the caller catches), not the loading of its callers.
 */
final class ProfilerLibrary {
    private static final String NOT_ACTIVE = "Profiler is not active";

    private final AsyncProfiler profiler;

    private ProfilerLibrary(AsyncProfiler profiler) {
        this.profiler = profiler;
    }

    /**
     * Loads the library, extracting it from the class path as async-profiler does: into
     * {@code one.profiler.extractPath} or {@code java.io.tmpdir}, deleted again once loaded.
     *
     * @param resource the library's resource name, e.g. {@code /linux-x64/libasyncProfiler.so}
     * @return the loaded profiler; never null
     * @throws ProfilerUnavailable if the library is not on the class path
     * @throws Throwable whatever loading throws: UnsatisfiedLinkError, IllegalStateException (extraction failed)...
     */
    static ProfilerLibrary load(String resource) throws Throwable {
        if (AsyncProfiler.class.getResource(resource) == null) {
            // Without it getInstance() would try java.library.path: some other build, or none.
            throw new ProfilerUnavailable("async-profiler's " + resource.substring(1)
                + " is missing from the class path (damaged hotscope jar?)");
        }
        return new ProfilerLibrary(AsyncProfiler.getInstance());
    }

    /** The library's version, e.g. {@code 4.6}. */
    String version() {
        return profiler.getVersion();
    }

    /**
     * Runs one async-profiler command.
     *
     * @param command e.g. {@code start,event=cpu,file=x.jfr}; not null
     * @return its output; never null
     * @throws IllegalStateException or IllegalArgumentException as async-profiler throws them
     * @throws UncheckedIOException if async-profiler reports an I/O error
     */
    String execute(String command) {
        try {
            return profiler.execute(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a profiling session is running; false if the library cannot tell. */
    boolean active() {
        try {
            return !execute("status").startsWith(NOT_ACTIVE);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
