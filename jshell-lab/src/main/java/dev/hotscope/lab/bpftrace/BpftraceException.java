package dev.hotscope.lab.bpftrace;

import java.util.List;

/**
 * bpftrace refused to run a script: the message is one line naming bpftrace's first error (with its position
 * in the script when bpftrace gives one) and what to do. An {@link IllegalArgumentException} because the
 * script is what was wrong.
 */
public final class BpftraceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final transient List<String> stderr;

    BpftraceException(String message, int exitCode, List<String> stderr) {
        super(message);
        this.exitCode = exitCode;
        this.stderr = List.copyOf(stderr);
    }

    /** Returns bpftrace's exit code. */
    public int exitCode() {
        return exitCode;
    }

    /** Returns everything bpftrace wrote to stderr, line by line (e.g. the script line under the error); not null. */
    public List<String> stderr() {
        return stderr;
    }
}
