package dev.hotscope.lab.internal;

/** The text of {@code help()}: every verb with an example, grouped as a session uses them. */
public final class Help {
    private Help() {}

    /** Returns the help text, lines ending in newlines. */
    public static String text() {
        return """
            hotscope lab — trace a JVM from JShell; results are Java records you keep computing with.
            Tab completes every name below; Ctrl-C stops a running take/watch/bpftrace and keeps what it saw.

            Target
              attach(pid)                      trace this process        attach(4242)
              self()                           trace the lab's own JVM   self()
              target()                         the current target        target().isJvm()
              inject(options)                  load the agent into it    inject("probe=com.acme.*#handle")
              target().detach()                stop that agent, write its recording

            Sources                                                      (nothing runs until take/hist/count/watch)
              syscalls()                       slow syscalls (>= 1 ms)   syscalls().hist(s(5))
              gc()                             GC pauses + GC threads' CPU and run-queue time
              locks()                          futex waits, contended monitors, with wakers
              offcpu()                         off-CPU by reason (>= 1 ms)  offcpu().stacks().take(s(10)).flame()
              runq()                           run-queue waits (>= 100 µs)
              usdt("hotspot:gc__begin")        any USDT probe, HotSpot's or a dynamic one
              usdt("hotspot:gc__begin", "hotspot:gc__end")   paired per thread: durations
              uprobe("libc:malloc")            a library function: call durations, args arg0..arg5
              tracepoint("sched:sched_switch") a kernel tracepoint: its fields are the args
              tracepoint("syscalls:sys_enter_read", "syscalls:sys_exit_read")  paired per thread

            Filters (each returns a new Source)
              .thread("worker-.*")             thread name matches (Java names)
              .minDuration(ms(5))              at least this long (the kernel drops shorter ones)
              .arg(2, n -> n > 4096)           argument by index;  .field("count", n -> n > 4096) by name
              .where(e -> e.name().equals("fsync"))   any predicate on the Event record
              .stacks()                        collect each event's Java/native/kernel stack
              .argNames()                      the names of the args

            Run
              .take(s(5))  .take(100, s(30))   the Events (a List<Event>)
              .hist(s(5))                      log2 histogram of durations in µs
              .count(s(5))                     counts by name
              .watch(s(1))  .watch(s(1), Events::log2)   live view until Ctrl-C, then back to the prompt

            Aggregate an Events value (ev = syscalls().take(s(5)))
              ev.countBy(Event::thread)  ev.sumBy(Event::name, Event::durationNanos)
              ev.log2()  ev.linear("ms", e -> e.durationMillis(), 0, 100, 10)
              ev.top(10, Event::name)  ev.topStacks(10)  ev.byThread()  ev.flame()
              ev.javaStacks().topStacks(5)     top-N by Java stack (native and kernel frames left out)
              ev.where(e -> e.durationMillis() > 10)   ev.stream()...   (it is a List<Event>)

            Output
              x.print()                        bcc-style text (also what the prompt shows)
              x.toHtml()                       HTML/SVG (what Jupyter shows)
              ev.save(Path.of("run.jfr"))      a JFR recording for JDK Mission Control; ".html": the report
              flame.save(Path.of("f.svg"))     a flame graph as SVG or HTML

            Escape hatch
              bpftrace("tracepoint:syscalls:sys_enter_openat /pid == $1/ { @[comm] = count(); }", s(5))
                                               runs bpftrace (-p and $1 = the target), returns its maps
            """;
    }
}
