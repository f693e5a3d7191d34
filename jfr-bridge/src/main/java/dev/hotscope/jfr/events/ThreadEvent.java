package dev.hotscope.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;
import jdk.jfr.Timestamp;

/** Fields of every event about one thread of this JVM: which thread, when, and from which stack. */
@Category("hotscope")
@StackTrace(false)
public abstract class ThreadEvent extends Event {
    /** The Java thread the event is about; null for JVM-internal threads (GC workers, compilers). */
    @Label("Java Thread")
    @Description("The Java thread the event is about (not the thread that committed it)")
    public Thread javaThread;

    /** The kernel's thread id. */
    @Label("OS Thread Id")
    @Description("The kernel's id of the thread the event is about (gettid)")
    public long osThreadId;

    /** The thread's name, also for threads with no Java Thread object. */
    @Label("Thread Name")
    @Description("Name of the thread: the Java name, or /proc/PID/task/TID/comm for JVM-internal threads")
    public String threadName;

    /** When the measured interval began, milliseconds since the epoch. */
    @Label("Began")
    @Description("When the measured interval began, as the kernel saw it")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long began;

    /** The thread's stack, innermost frame first, one frame a line. */
    @Label("Stack")
    @Description("The thread's stack when it waited, innermost frame first, one frame a line")
    public String stack;

    /** Where {@link #stack} came from. */
    @Label("Stack Source")
    @Description("in-process: the JVM's own stack of the thread while still waiting; bpf-fp: the kernel's"
        + " frame-pointer walk, symbolized; bpf-dwarf: a stack copy unwound with DWARF; none")
    public String stackSource;

    /** The innermost method probed with {@code probe=} active on the thread at the time, if any. */
    @Label("Probed Method")
    @Description("The innermost method probed with probe=PATTERN that was running on the thread")
    public String probedMethod;
}
