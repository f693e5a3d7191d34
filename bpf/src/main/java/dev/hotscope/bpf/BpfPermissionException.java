package dev.hotscope.bpf;

/**
 * The process lacks the privileges BPF needs: root, or CAP_BPF with CAP_PERFMON (or
 * CAP_SYS_ADMIN).
 */
public class BpfPermissionException extends BpfException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the complete message; not null
     * @param errno the errno (usually EPERM), or 0 when found by a capability check
     */
    public BpfPermissionException(String message, int errno) {
        super(message, errno, null);
    }
}
