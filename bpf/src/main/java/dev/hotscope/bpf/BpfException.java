package dev.hotscope.bpf;

import dev.hotscope.bpf.internal.BpfErrno;

/**
 * A BPF operation failed. Carries the errno the kernel or libbpf reported (0 when there is none)
 * and its symbolic name; subclasses say what kind of failure it was.
 */
public class BpfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param message the complete message; not null
     * @param errno the errno, positive or negative (stored positive), 0 if none
     * @param cause the cause, or null
     */
    public BpfException(String message, int errno, Throwable cause) {
        super(message, cause);
        this.errno = Math.abs(errno);
    }

    /** The errno (positive), or 0 when the failure had none. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, e.g. {@code EACCES}, or "" when {@link #errno()} is 0. */
    public String errnoName() {
        return errno == 0 ? "" : BpfErrno.name(errno);
    }
}
