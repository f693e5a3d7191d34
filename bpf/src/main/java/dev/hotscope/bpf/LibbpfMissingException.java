package dev.hotscope.bpf;

/** The system libbpf ({@code libbpf.so.1}, Debian package {@code libbpf1}) cannot be loaded. */
public class LibbpfMissingException extends BpfException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the complete message; not null
     * @param cause why loading failed, or null
     */
    public LibbpfMissingException(String message, Throwable cause) {
        super(message, 0, cause);
    }
}
