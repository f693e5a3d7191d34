package dev.hotscope.bpf;

import dev.hotscope.bpf.internal.Libbpf;
import dev.hotscope.bpf.internal.Native;

/**
 * An attachment of a program: the program runs while the link exists. {@link #close()} detaches
 * it (bpf_link__destroy); idempotent, never throws. Closing the {@link BpfObject} closes its links.
 */
public final class BpfLink implements AutoCloseable {
    private final BpfObject owner;
    private final String description;
    private long pointer;

    BpfLink(BpfObject owner, long pointer, String description) {
        this.owner = owner;
        this.pointer = pointer;
        this.description = description;
    }

    /** What is attached where, e.g. {@code hs_sys_enter → tracepoint raw_syscalls:sys_enter}. */
    public String description() {
        return description;
    }

    /** Whether the link is still attached. */
    public synchronized boolean isAttached() {
        return pointer != 0;
    }

    /**
     * The link's fd, owned by the link.
     *
     * @return the fd, or -1 once closed or when the link is a group of kernel links (a USDT
     *     link has one uprobe link per probe site)
     */
    public synchronized int fd() {
        return pointer == 0 ? -1 : Math.max(-1, Native.libbpf().bpf_link__fd(pointer));
    }

    /**
     * The kernel's id for the link, as {@code bpftool link show} lists it.
     *
     * @return the id, or -1 once closed or when {@link #fd()} is -1
     */
    public synchronized long id() {
        return pointer == 0 ? -1 : dev.hotscope.bpf.internal.ObjectIds.idOf(fd());
    }

    /** Detaches. Idempotent; never throws. */
    @Override
    public void close() {
        owner.destroy(this);
    }

    /** Called by the owner, under its lock, exactly once per link. */
    synchronized void destroyLocked(Libbpf libbpf) {
        if (pointer != 0) {
            libbpf.bpf_link__destroy(pointer);
            pointer = 0;
        }
    }

    @Override
    public String toString() {
        return "BpfLink[" + description + (isAttached() ? "" : ", closed") + "]";
    }
}
