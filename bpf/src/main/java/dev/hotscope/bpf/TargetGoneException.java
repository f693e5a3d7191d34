package dev.hotscope.bpf;

/** The process to attach to has exited (or never existed). */
public class TargetGoneException extends BpfException {
    private static final long serialVersionUID = 1L;

    private final long pid;

    /**
     * @param pid the process that is gone
     * @param errno the errno seen (usually ESRCH), or 0 when found by a check
     */
    public TargetGoneException(long pid, int errno) {
        super("process " + pid + " exited", errno, null);
        this.pid = pid;
    }

    /** The process that is gone. */
    public long pid() {
        return pid;
    }
}
