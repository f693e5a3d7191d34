package dev.hotscope.bpf.sched;

/** What put a thread on a run queue, waiting for a CPU. */
public enum RunQueueCause {
    /** It was woken from a wait (or is a new thread, made runnable for the first time). */
    WAKEUP,
    /** It was preempted while running and stayed runnable. */
    PREEMPTED;

    private static final RunQueueCause[] BY_CODE = values();

    /** The cause with the program's code (its ordinal); null if the code is unknown. */
    static RunQueueCause ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
