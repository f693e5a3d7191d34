package dev.hotscope.bpf.locks;

/**
 * Names of the futex operations a {@link FutexWaitEvent} or {@link InflightWait} carries: the op
 * word of {@code futex(2)} (command plus {@code FUTEX_PRIVATE_FLAG} and
 * {@code FUTEX_CLOCK_REALTIME}), or {@link #WAITV} for {@code futex_waitv(2)}.
 */
public final class FutexOps {
    /** The op value records of {@code futex_waitv(2)} carry; not a {@code futex(2)} op. */
    public static final int WAITV = 0x10000;
    /** {@code FUTEX_PRIVATE_FLAG}: the futex is not shared between processes. */
    public static final int PRIVATE_FLAG = 128;
    /** {@code FUTEX_CLOCK_REALTIME}: the timeout is measured against CLOCK_REALTIME. */
    public static final int CLOCK_REALTIME = 256;

    private static final String[] COMMANDS = {
        "FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_FD", "FUTEX_REQUEUE", "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP",
        "FUTEX_LOCK_PI", "FUTEX_UNLOCK_PI", "FUTEX_TRYLOCK_PI", "FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET",
        "FUTEX_WAIT_REQUEUE_PI", "FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2",
    };
    private static final int WAIT_COMMANDS = 1 | 1 << 6 | 1 << 9 | 1 << 11 | 1 << 13;

    private FutexOps() {}

    /** The command without its flags, e.g. 9 (FUTEX_WAIT_BITSET) for 0x189. */
    public static int command(int op) {
        return op == WAITV ? op : op & ~(PRIVATE_FLAG | CLOCK_REALTIME);
    }

    /** Whether the op blocks until woken (or timed out): the ones the tracer records. */
    public static boolean isWait(int op) {
        int command = command(op);
        return op == WAITV || command >= 0 && command < 32 && (WAIT_COMMANDS >>> command & 1) != 0;
    }

    /**
     * The op's name with its flags, e.g. {@code FUTEX_WAIT_BITSET|FUTEX_PRIVATE_FLAG|FUTEX_CLOCK_REALTIME}.
     *
     * @param op the op word
     * @return its name; {@code FUTEX_WAITV} for {@link #WAITV}; {@code FUTEX_OP_N} for unknown commands
     */
    public static String name(int op) {
        if (op == WAITV) {
            return "FUTEX_WAITV";
        }
        int command = command(op);
        StringBuilder name = new StringBuilder(command >= 0 && command < COMMANDS.length ? COMMANDS[command]
            : "FUTEX_OP_" + command);
        if ((op & PRIVATE_FLAG) != 0) {
            name.append("|FUTEX_PRIVATE_FLAG");
        }
        if ((op & CLOCK_REALTIME) != 0) {
            name.append("|FUTEX_CLOCK_REALTIME");
        }
        return name.toString();
    }
}
