package dev.hotscope.bpf;

/** Attaching a loaded program failed; the message names the program and the attach point. */
public class BpfAttachException extends BpfException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the complete message; not null
     * @param errno the errno, or 0
     */
    public BpfAttachException(String message, int errno) {
        super(message, errno, null);
    }
}
