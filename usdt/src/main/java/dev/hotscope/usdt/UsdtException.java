package dev.hotscope.usdt;

/**
 * A native operation behind a provider failed: writing or mapping its backing object.
 *
 * <p>Rule violations by the caller (bad names, wrong arguments, wrong order of calls) are
 * {@link IllegalArgumentException} or {@link IllegalStateException} instead.
 */
public class UsdtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param message what failed, in one line
     * @param errno the C errno, or 0 when none applies
     * @param cause the underlying exception, or null
     */
    public UsdtException(String message, int errno, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** The C errno of the failed call, or 0 when none applies. */
    public int errno() {
        return errno;
    }
}
