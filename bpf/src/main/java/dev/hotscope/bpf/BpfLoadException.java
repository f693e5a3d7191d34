package dev.hotscope.bpf;

/**
 * The kernel or libbpf refused to load a BPF object. When the verifier rejected a program, the
 * message ends with the tail of its verifier log and {@link #verifierLog()} has all of it.
 */
public class BpfLoadException extends BpfException {
    private static final long serialVersionUID = 1L;

    private final String program;
    private final String verifierLog;

    /**
     * @param message the complete message; not null
     * @param errno the errno, or 0
     * @param program the program that failed, or null if not known or not a program's fault
     * @param verifierLog the full verifier log, or null if there is none
     */
    public BpfLoadException(String message, int errno, String program, String verifierLog) {
        super(message, errno, null);
        this.program = program;
        this.verifierLog = verifierLog == null ? "" : verifierLog;
    }

    /** The name of the program the kernel rejected, or null if the failure was not a program's. */
    public String program() {
        return program;
    }

    /** The complete verifier log of the rejected program; "" if there is none. Never null. */
    public String verifierLog() {
        return verifierLog;
    }
}
