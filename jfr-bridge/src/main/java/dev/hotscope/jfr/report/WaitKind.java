package dev.hotscope.jfr.report;

/** The kinds of waiting a thread's time is broken down into; they overlap (a futex lock wait is also a syscall). */
enum WaitKind {
    OFF_CPU("off-CPU", "hotscope.OffCpu", "offCpu"),
    SYSCALL("syscall", "hotscope.SyscallLatency", "latency"),
    LOCK("lock", "hotscope.LockWait", "wait"),
    RUN_QUEUE("run queue", "hotscope.RunQueueLatency", "latency");

    private final String label;
    private final String eventType;
    private final String durationField;

    WaitKind(String label, String eventType, String durationField) {
        this.label = label;
        this.eventType = eventType;
        this.durationField = durationField;
    }

    String label() {
        return label;
    }

    String eventType() {
        return eventType;
    }

    String durationField() {
        return durationField;
    }

    /** The kind an event type records, or null for other types. */
    static WaitKind of(String eventType) {
        for (WaitKind k : values()) {
            if (k.eventType.equals(eventType)) {
                return k;
            }
        }
        return null;
    }
}
