package dev.hotscope.bpf.unwind;

/** Call frame information that cannot be parsed: truncated, or using an encoding this reader does not know. */
public final class CfiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where (file, section offset)
     */
    public CfiException(String message) {
        super(message);
    }
}
