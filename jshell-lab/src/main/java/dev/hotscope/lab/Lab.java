package dev.hotscope.lab;

import dev.hotscope.lab.bpftrace.Bpftrace;
import dev.hotscope.lab.bpftrace.BpftraceResult;
import dev.hotscope.lab.internal.Cancellation;
import dev.hotscope.lab.internal.Help;
import dev.hotscope.lab.internal.ProbeFeeds;
import dev.hotscope.lab.internal.TracerFeeds;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The lab's vocabulary, imported statically by the JShell startup: choose a target, name a source,
 * narrow it, run it, and keep computing with the records it returns. {@code help()} lists every verb
 * with an example.
 */
public final class Lab {
    private static volatile Target target;

    private Lab() {}

    /**
     * Makes the process {@code pid} the target of the sources made from now on.
     *
     * @param pid a running process; a HotSpot JVM for gc(), locks() and hotspot probes
     * @return the target
     * @throws IllegalArgumentException if no such process runs
     */
    public static Target attach(long pid) {
        Target t = Target.of(pid);
        target = t;
        if (!t.isJvm()) {
            System.out.println("hotscope: " + t + " is not a JVM: syscalls(), offcpu(), runq(), uprobe() and tracepoint() work on it; gc(), locks() and hotspot probes do not");
        }
        return t;
    }

    /**
     * Makes the lab's own JVM the target: handy to try things on code typed at the prompt.
     *
     * @return the target
     */
    public static Target self() {
        return attach(ProcessHandle.current().pid());
    }

    /**
     * Returns the current target.
     *
     * @throws IllegalStateException if none was chosen
     */
    public static Target target() {
        Target t = target;
        if (t == null) {
            throw new IllegalStateException("no target yet: attach(pid) or self() chooses one (jps lists JVMs)");
        }
        return t;
    }

    /**
     * Loads the hotscope agent into the target, as {@code bin/hotscope attach} does, e.g.
     * {@code inject("probe=com.acme.*#handle,file=run.jfr")}.
     *
     * @param options the agent's options; "" for every feature; not null
     * @return the agent's status line
     * @throws IllegalArgumentException if the agent refuses the options or cannot attach, in one line
     */
    public static String inject(String options) {
        return target().inject(options);
    }

    /** Slow system calls of the target (1 ms and longer unless {@code minDuration} says otherwise); name: the syscall. */
    public static Source syscalls() {
        return source(TracerFeeds.syscalls());
    }

    /** GC pauses of the target JVM; args: GC threads' CPU ns, their run-queue ns, threads ran, threads waited. */
    public static Source gc() {
        return source(TracerFeeds.gc());
    }

    /** Lock waits of the target: futex waits (with the waker's tid) and contended monitor enters. */
    public static Source locks() {
        return source(TracerFeeds.locks());
    }

    /** Off-CPU intervals of the target's threads, 1 ms and longer; name: sleeping, blocked or preempted. */
    public static Source offcpu() {
        return source(TracerFeeds.offCpu());
    }

    /** Run-queue waits of the target's threads, 100 µs and longer; name: wakeup or preempted. */
    public static Source runq() {
        return source(TracerFeeds.runQueue());
    }

    /**
     * A USDT probe of the target, HotSpot's or one declared at run time, e.g. {@code usdt("hotspot:gc__begin")};
     * {@code usdt("hotspot:gc__begin", "hotspot:gc__end")} pairs two per thread and measures between them.
     *
     * @param probe {@code provider:name}; not null
     * @throws IllegalArgumentException if the text is not {@code provider:name}
     */
    public static Source usdt(String probe) {
        return source(ProbeFeeds.usdt(probe, null));
    }

    /**
     * Two USDT probes paired per thread: each event lasts from {@code begin} to {@code end}.
     *
     * @param begin {@code provider:name}; not null
     * @param end {@code provider:name}; not null
     */
    public static Source usdt(String begin, String end) {
        return source(ProbeFeeds.usdt(begin, Objects.requireNonNull(end, "end: give provider:name")));
    }

    /**
     * A function of a library, entered and returned from: each event lasts the call, args are its first
     * six integer arguments, e.g. {@code uprobe("libc:malloc")} or {@code uprobe("/usr/lib/x/libz.so.1:inflate")}.
     *
     * @param function {@code library:symbol}; not null
     */
    public static Source uprobe(String function) {
        return source(ProbeFeeds.uprobe(function));
    }

    /**
     * A kernel tracepoint, e.g. {@code tracepoint("sched:sched_switch")}; its numeric fields are the args
     * ({@code argNames()} lists them). Without a target it traces every process.
     *
     * @param event {@code category:event}; not null
     */
    public static Source tracepoint(String event) {
        return source(ProbeFeeds.tracepoint(event, null));
    }

    /**
     * Two tracepoints paired per thread, e.g. {@code tracepoint("syscalls:sys_enter_read", "syscalls:sys_exit_read")}.
     *
     * @param begin {@code category:event}; not null
     * @param end {@code category:event}; not null
     */
    public static Source tracepoint(String begin, String end) {
        return source(ProbeFeeds.tracepoint(begin, Objects.requireNonNull(end, "end: give category:event")));
    }

    /**
     * Runs a bpftrace script until it exits or Ctrl-C, with the target's pid as {@code -p} and {@code $1},
     * and returns its maps as Java objects.
     *
     * @param script bpftrace source; not null
     * @throws IllegalStateException if bpftrace is missing or this is not root, in one line
     * @throws IllegalArgumentException if bpftrace refuses the script, in one line
     */
    public static BpftraceResult bpftrace(String script) {
        return runBpftrace(script, null);
    }

    /**
     * Runs a bpftrace script for at most {@code limit}, then stops it as Ctrl-C would and returns its maps.
     *
     * @param script bpftrace source; not null
     * @param limit how long at most; not null
     */
    public static BpftraceResult bpftrace(String script, Duration limit) {
        return runBpftrace(script, Objects.requireNonNull(limit, "limit: give a Duration such as s(5)"));
    }

    /** Prints every verb with an example. */
    public static void help() {
        System.out.print(Help.text());
    }

    /** Returns {@code n} milliseconds. */
    public static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    /** Returns {@code n} seconds. */
    public static Duration s(long n) {
        return Duration.ofSeconds(n);
    }

    private static BpftraceResult runBpftrace(String script, Duration limit) {
        try (Cancellation.Scope scope = Cancellation.enter()) {
            return Bpftrace.run(script, targetPid(), limit);
        }
    }

    private static Source source(dev.hotscope.lab.internal.Feed feed) {
        OptionalLong pid = targetPid();
        feed.check(pid);
        return new Source(feed, pid);
    }

    private static OptionalLong targetPid() {
        Target t = target;
        if (t == null) {
            return OptionalLong.empty();
        }
        t.requireAlive();
        return OptionalLong.of(t.pid());
    }
}
