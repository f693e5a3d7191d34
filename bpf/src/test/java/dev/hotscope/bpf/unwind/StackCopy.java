package dev.hotscope.bpf.unwind;

import dev.hotscope.bpf.BpfObject;
import dev.hotscope.bpf.RingBuffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs the test program stackcopy.bpf.o: user registers and stack at sys_enter of one syscall of one process. */
final class StackCopy {
    static final String PROGRAM = "dev/hotscope/bpf/testprograms/stackcopy.bpf.o";
    /** struct stackcopy_event: tid, nr, copy time, then struct hs_user_stack. */
    static final int STACK_OFFSET = 16;
    static final int EVENT_BYTES = STACK_OFFSET + UserStackSample.RECORD_BYTES;

    record Event(long tid, int nr, long copyNs, UserStackSample sample) {}

    private StackCopy() {}

    /**
     * Captures events until {@code count} arrived or the timeout passed.
     *
     * @param tid the thread, 0 for all of the process's
     * @param nr the syscall, -1 for all
     */
    static List<Event> capture(long pid, long tid, int nr, int count, Duration timeout) {
        return capture(pid, tid, nr, count, timeout, true);
    }

    /**
     * Captures events until {@code count} arrived or the timeout passed.
     *
     * @param tid the thread, 0 for all of the process's
     * @param nr the syscall, -1 for all
     * @param findVma false to copy without looking the stack's mapping up, so that a read past its
     *     end fails and the smaller retries run
     */
    static List<Event> capture(long pid, long tid, int nr, int count, Duration timeout, boolean findVma) {
        List<Event> events = new ArrayList<>();
        try (BpfObject object = BpfObject.openResource(PROGRAM)) {
            ByteBuffer cfg = object.rodata();
            cfg.putInt(0, (int) pid);
            cfg.putInt(4, (int) tid);
            cfg.putInt(8, nr);
            cfg.putInt(12, findVma ? 0 : 1);
            object.load();
            try (RingBuffer ring = RingBuffer.open(object.map("events"), record -> {
                if (events.size() < count) {
                    if (record.remaining() != EVENT_BYTES) {
                        throw new IllegalStateException("record of " + record.remaining() + " bytes, expected " + EVENT_BYTES);
                    }
                    ByteBuffer r = record.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                    events.add(new Event(Integer.toUnsignedLong(r.getInt(0)), r.getInt(4), r.getLong(8),
                        UserStackSample.view(record, STACK_OFFSET).copy()));
                }
            })) {
                object.program("stackcopy_sys_enter").attachTracepoint("raw_syscalls", "sys_enter");
                long deadline = System.nanoTime() + timeout.toNanos();
                while (events.size() < count && System.nanoTime() < deadline) {
                    ring.poll(Duration.ofMillis(50));
                }
                if (ring.handlerErrors() > 0) {
                    throw new AssertionError("ring buffer handler failed", ring.errors().get(0));
                }
            }
        }
        return events;
    }
}
