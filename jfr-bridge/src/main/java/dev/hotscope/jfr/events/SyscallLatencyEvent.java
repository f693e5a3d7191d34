package dev.hotscope.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** A system call slower than the threshold. */
@Category({"hotscope", "Syscalls"})
@Name("hotscope.SyscallLatency")
@Label("Syscall Latency")
@Description("A system call of a Java thread slower than the syscall threshold")
public final class SyscallLatencyEvent extends ThreadEvent {
    /** The system call's name. */
    @Label("Syscall")
    @Description("Name of the system call, e.g. read, futex, fsync")
    public String syscall;

    /** How long the call took. */
    @Label("Latency")
    @Description("Time from entering to leaving the system call")
    @Timespan(Timespan.NANOSECONDS)
    public long latency;

    /** The raw return value. */
    @Label("Result")
    @Description("The system call's return value; negative values are -errno")
    public long result;

    /** The errno name of a failed call. */
    @Label("Error")
    @Description("Name of the error for a negative result (e.g. ETIMEDOUT), empty on success")
    public String error;
}
