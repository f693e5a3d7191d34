package dev.hotscope.bpf.sched;

/** Why a thread left the CPU, as the scheduler saw it at the switch. */
public enum OffCpuReason {
    /** Still runnable: preempted by another task, or gave the CPU up (yield) without waiting for anything. */
    PREEMPTED,
    /** An interruptible wait: sleep, park, monitor or condition wait, socket or pipe read, epoll. */
    SLEEPING,
    /** An uninterruptible wait, usually disk I/O, page faults or a kernel lock. */
    BLOCKED;

    private static final OffCpuReason[] BY_CODE = values();

    /** The reason with the program's code (its ordinal); null if the code is unknown. */
    static OffCpuReason ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The bit of this reason in the program's stack switches. */
    int bit() {
        return 1 << ordinal();
    }
}
