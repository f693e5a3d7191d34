package dev.hotscope.lab.internal;

import dev.hotscope.bpf.jvm.GcConfig;
import dev.hotscope.bpf.jvm.GcPauseEvent;
import dev.hotscope.bpf.jvm.GcTracer;
import dev.hotscope.bpf.locks.FutexWaitEvent;
import dev.hotscope.bpf.locks.LockConfig;
import dev.hotscope.bpf.locks.LockTracer;
import dev.hotscope.bpf.locks.MonitorWaitEvent;
import dev.hotscope.bpf.sched.OffCpuEvent;
import dev.hotscope.bpf.sched.OffCpuReason;
import dev.hotscope.bpf.sched.RunQueueEvent;
import dev.hotscope.bpf.sched.SchedConfig;
import dev.hotscope.bpf.sched.SchedTracer;
import dev.hotscope.bpf.syscalls.SyscallEvent;
import dev.hotscope.bpf.syscalls.SyscallTracer;
import dev.hotscope.lab.Event;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The lab's built-in sources, each over one of the bpf module's tracers. */
public final class TracerFeeds {
    /** Syscalls shorter than this are not delivered unless the user asks: a JVM makes many short ones. */
    public static final Duration SYSCALL_DEFAULT_MIN = Duration.ofMillis(1);
    /** Off-CPU and lock waits shorter than this are many and rarely interesting. */
    public static final Duration WAIT_DEFAULT_MIN = Duration.ofMillis(1);
    /** Run-queue waits shorter than this are the scheduler working normally. */
    public static final Duration RUNQ_DEFAULT_MIN = Duration.ofNanos(100_000);
    private static final long[] NO_ARGS = {};
    private static final long[] NO_ADDRESSES = {};

    private TracerFeeds() {}

    /** Slow system calls of the target; args: result. */
    public static Feed syscalls() {
        return new Feed() {
            @Override
            public String name() {
                return "syscalls";
            }

            @Override
            public Running start(FeedRequest r, Consumer<Event> sink) {
                long pid = r.requirePid("syscalls()");
                Context c = new Context(pid, r.stacks(), r.early(), sink);
                ConversionErrors errors = new ConversionErrors();
                long min = r.minDurationNanos() > 0 ? r.minDurationNanos() : SYSCALL_DEFAULT_MIN.toNanos();
                SyscallTracer t = SyscallTracer.start(pid, Duration.ofNanos(min), r.stacks(), errors.guard(c::syscall));
                return new TracerRunning(t::poll, () -> t.counters().dropped(), List.of("result"), List.of(), t::close, errors);
            }
        };
    }

    /** GC pauses of the target JVM; args: gcCpuNanos, gcRunQueueNanos, gcThreadsRan, gcThreadsWaited. */
    public static Feed gc() {
        return new Feed() {
            @Override
            public String name() {
                return "gc";
            }

            @Override
            public Running start(FeedRequest r, Consumer<Event> sink) {
                long pid = r.requirePid("gc()");
                Context c = new Context(pid, false, r.early(), sink);
                ConversionErrors errors = new ConversionErrors();
                GcTracer t = GcTracer.start(pid, GcConfig.defaults(), errors.guard(c::pause), s -> { });
                return new TracerRunning(t::poll, () -> t.counters().dropped(),
                    List.of("gcCpuNanos", "gcRunQueueNanos", "gcThreadsRan", "gcThreadsWaited"), t.problems(), t::close, errors);
            }
        };
    }

    /** Futex waits and contended monitor enters of the target; args: wakerTid (futex), or none. */
    public static Feed locks() {
        return new Feed() {
            @Override
            public String name() {
                return "locks";
            }

            @Override
            public Running start(FeedRequest r, Consumer<Event> sink) {
                long pid = r.requirePid("locks()");
                Context c = new Context(pid, r.stacks(), r.early(), sink);
                ConversionErrors errors = new ConversionErrors();
                Duration min = r.minDurationNanos() > 0 ? Duration.ofNanos(r.minDurationNanos()) : WAIT_DEFAULT_MIN;
                LockTracer t = LockTracer.start(pid, LockConfig.defaults().withMinWait(min),
                    errors.guard(c::futex), errors.guard(c::monitor));
                List<String> problems = t.problem().map(List::of).orElse(List.of());
                return new TracerRunning(t::poll, () -> t.counters().dropped(), List.of("wakerTid", "result"), problems, t::close, errors);
            }
        };
    }

    /** Off-CPU intervals of the target's threads; name: the reason; args: runQueueNanos, wakerTid. */
    public static Feed offCpu() {
        return new Feed() {
            @Override
            public String name() {
                return "offcpu";
            }

            @Override
            public Running start(FeedRequest r, Consumer<Event> sink) {
                long pid = r.requirePid("offcpu()");
                Context c = new Context(pid, r.stacks(), r.early(), sink);
                ConversionErrors errors = new ConversionErrors();
                Duration min = r.minDurationNanos() > 0 ? Duration.ofNanos(r.minDurationNanos()) : WAIT_DEFAULT_MIN;
                Set<OffCpuReason> stacks = r.stacks() ? EnumSet.allOf(OffCpuReason.class) : EnumSet.noneOf(OffCpuReason.class);
                SchedConfig config = SchedConfig.defaults().withMinOffCpu(min).withUserStacks(stacks).withKernelStacks(stacks)
                    .withMinRunQueue(Duration.ofSeconds(3600));
                SchedTracer t = SchedTracer.start(pid, config, errors.guard(c::offCpu), e -> { });
                return new TracerRunning(t::poll, () -> t.counters().offCpuDropped(), List.of("runQueueNanos", "wakerTid"),
                    List.of(), t::close, errors);
            }
        };
    }

    /** Run-queue waits of the target's threads; name: wakeup or preempted; args: cpu. */
    public static Feed runQueue() {
        return new Feed() {
            @Override
            public String name() {
                return "runq";
            }

            @Override
            public Running start(FeedRequest r, Consumer<Event> sink) {
                long pid = r.requirePid("runq()");
                Context c = new Context(pid, false, r.early(), sink);
                ConversionErrors errors = new ConversionErrors();
                Duration min = r.minDurationNanos() > 0 ? Duration.ofNanos(r.minDurationNanos()) : RUNQ_DEFAULT_MIN;
                SchedConfig config = SchedConfig.defaults().withMinRunQueue(min).withMinOffCpu(Duration.ofSeconds(3600))
                    .withUserStacks(EnumSet.noneOf(OffCpuReason.class)).withKernelStacks(EnumSet.noneOf(OffCpuReason.class));
                SchedTracer t = SchedTracer.start(pid, config, e -> { }, errors.guard(c::runQueue));
                return new TracerRunning(t::poll, () -> t.counters().runQueueDropped(), List.of("cpu"), List.of(), t::close, errors);
            }
        };
    }

    /**
     * Turns each tracer's records into lab events for one process. The source's filters that need no stack
     * run first: a stack is symbolized only for an event that is kept.
     */
    private static final class Context {
        private final ProcessNames names;
        private final Predicate<Event> early;
        private final Consumer<Event> sink;

        Context(long pid, boolean stacks, Predicate<Event> early, Consumer<Event> sink) {
            this.names = new ProcessNames(pid, stacks);
            this.early = early;
            this.sink = sink;
        }

        void syscall(SyscallEvent e) {
            emit(new Event("syscalls", e.name(), e.startNanos(), e.durationNanos(), e.tid(), thread(e.tid()),
                new long[] {e.result()}, List.of(), e), e.userStack(), e.kernelStack());
        }

        void pause(GcPauseEvent e) {
            emit(new Event("gc", e.full() ? "full pause" : "pause", e.startNanos(), e.durationNanos(), e.vmThreadId(),
                thread(e.vmThreadId()), new long[] {e.gcCpuNanos(), e.gcRunQueueNanos(), e.gcThreadsRan(), e.gcThreadsWaited()},
                List.of(), e), NO_ADDRESSES, NO_ADDRESSES);
        }

        void futex(FutexWaitEvent e) {
            String name = e.timedOut() ? "futex timeout" : e.wokenByThread() ? "futex wait" : "futex " + e.describeResult();
            emit(new Event("locks", name, e.startNanos(), e.durationNanos(), e.tid(), thread(e.tid()),
                new long[] {e.wakerTid(), e.result()}, List.of(), e), e.userStack(), NO_ADDRESSES);
        }

        void monitor(MonitorWaitEvent e) {
            emit(new Event("locks", "monitor " + e.className(), e.startNanos(), e.durationNanos(), e.tid(), thread(e.tid()),
                NO_ARGS, List.of(), e), NO_ADDRESSES, NO_ADDRESSES);
        }

        void offCpu(OffCpuEvent e) {
            emit(new Event("offcpu", e.reason().name().toLowerCase(java.util.Locale.ROOT), e.startNanos(), e.durationNanos(),
                e.tid(), thread(e.tid()), new long[] {e.runQueueNanos(), e.wakerTid()}, List.of(), e),
                e.userStack(), e.kernelStack());
        }

        void runQueue(RunQueueEvent e) {
            emit(new Event("runq", e.cause().name().toLowerCase(java.util.Locale.ROOT), e.startNanos(), e.durationNanos(),
                e.tid(), thread(e.tid()), new long[] {e.cpu()}, List.of(), e), NO_ADDRESSES, NO_ADDRESSES);
        }

        private void emit(Event bare, long[] user, long[] kernel) {
            if (early.test(bare)) {
                sink.accept(names.withStack(bare, user, kernel));
            }
        }

        private String thread(long tid) {
            return names.thread(tid);
        }
    }
}
