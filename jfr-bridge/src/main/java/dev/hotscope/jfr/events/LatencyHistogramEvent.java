package dev.hotscope.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One in-kernel log2 latency histogram of one thread: a periodic event, emitted each period (10 s
 * unless a recording's settings say otherwise) for the histograms whose count changed.
 */
@Name("hotscope.LatencyHistogram")
@Label("Latency Histogram")
@Description("An in-kernel log2 latency histogram of one thread since the agent started: syscall"
    + " latency per syscall, run-queue latency, off-CPU time per reason, or lock waits per kind. It counts"
    + " every event, also those not streamed because the feature was over its budget")
@Category({"hotscope", "Histograms"})
@StackTrace(false)
@Period("10 s")
public final class LatencyHistogramEvent extends Event {
    /** syscall, runq, offcpu or lock. */
    @Label("Kind")
    @Description("syscall: latency of one system call; runq: run-queue latency; offcpu: time off the CPU"
        + " for one reason; lock: lock waits of one kind")
    public String kind;

    /** The syscall's name, empty for other kinds. */
    @Label("Syscall")
    @Description("The system call, for kind syscall")
    public String syscall;

    /** The reason or kind within offcpu and lock histograms, empty for other kinds. */
    @Label("Category")
    @Description("For kind offcpu: preempted, sleeping or blocked; for kind lock: futex or monitor")
    public String category;

    /** The thread. */
    @Label("Java Thread")
    @Description("The thread the histogram is about, when it is a Java thread")
    public Thread javaThread;

    /** The thread's name. */
    @Label("Thread Name")
    @Description("Name of the thread the histogram is about")
    public String threadName;

    /** The kernel's thread id. */
    @Label("OS Thread Id")
    @Description("The kernel's id of the thread")
    public long osThreadId;

    /** Samples in all. */
    @Label("Count")
    @Description("Number of measured intervals")
    public long count;

    /** Sum of all samples. */
    @Label("Total")
    @Description("Sum of the measured intervals")
    @Timespan(Timespan.NANOSECONDS)
    public long total;

    /** Median, from the log2 buckets. */
    @Label("p50")
    @Description("Upper bound of the log2 bucket holding the median")
    @Timespan(Timespan.MICROSECONDS)
    public long p50;

    /** 99th percentile, from the log2 buckets. */
    @Label("p99")
    @Description("Upper bound of the log2 bucket holding the 99th percentile")
    @Timespan(Timespan.MICROSECONDS)
    public long p99;

    /** The buckets, as "lowUs-highUs:count" pairs. */
    @Label("Buckets")
    @Description("Non-empty log2 buckets in microseconds, as low-high:count separated by spaces")
    public String buckets;
}
