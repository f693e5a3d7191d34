package dev.hotscope.bpf;

/**
 * The running kernel lacks a feature: BTF, a program type, an attach type (kprobes, fentry, …).
 * The message says what is missing and, where there is one, what to use instead.
 */
public class BpfUnsupportedException extends BpfException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the complete message; not null
     * @param errno the errno (often EOPNOTSUPP), or 0 when found by a feature check
     */
    public BpfUnsupportedException(String message, int errno) {
        super(message, errno, null);
    }
}
