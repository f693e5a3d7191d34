package dev.hotscope.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** A thread waiting for a lock: a futex wait, or a contended monitor seen by HotSpot's probes. */
@Category({"hotscope", "Locks"})
@Name("hotscope.LockWait")
@Label("Lock Wait")
@Description("A Java thread blocked on a lock (futex or Java monitor), who woke it, and how long it"
    + " then waited for a CPU")
public final class LockWaitEvent extends ThreadEvent {
    /** futex or monitor. */
    @Label("Kind")
    @Description("futex: a futex wait (park, synchronized, ReentrantLock, ...); monitor: HotSpot's"
        + " monitor__contended probes (-XX:+DTraceMonitorProbes)")
    public String kind;

    /** Time blocked. */
    @Label("Wait")
    @Description("Time from starting to wait to being woken (futex) or entering the monitor")
    @Timespan(Timespan.NANOSECONDS)
    public long wait;

    /** Time runnable after the wake-up before running. */
    @Label("Run Queue Delay")
    @Description("Time from the wake-up to running again on a CPU")
    @Timespan(Timespan.NANOSECONDS)
    public long runQueueDelay;

    /** The futex word or monitor address. */
    @Label("Address")
    @Description("Address of the futex word or of the monitor")
    @MemoryAddress
    public long address;

    /** Class of the contended monitor's object. */
    @Label("Monitor Class")
    @Description("Class of the object whose monitor was contended (monitor kind only)")
    public String monitorClass;

    /** The thread that woke the waiter, when it is a Java thread of this JVM. */
    @Label("Waker")
    @Description("The Java thread that woke the waiter, if it was one of this JVM")
    public Thread waker;

    /** The waking thread's kernel id, 0 when unknown. */
    @Label("Waker OS Thread Id")
    @Description("Kernel id of the thread that woke the waiter; 0 when unknown (timeout, signal)")
    public long wakerOsThreadId;

    /** The waking thread's name. */
    @Label("Waker Name")
    @Description("Name of the thread that woke the waiter")
    public String wakerName;

    /** The futex call's result. */
    @Label("Error")
    @Description("errno name of the wait's result (ETIMEDOUT, EAGAIN, ...), empty when woken")
    public String error;
}
