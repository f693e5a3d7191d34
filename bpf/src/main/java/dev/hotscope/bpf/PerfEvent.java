package dev.hotscope.bpf;

import dev.hotscope.bpf.internal.Native;
import dev.hotscope.bpf.internal.NativeMemory;
import dev.hotscope.bpf.internal.Sys;
import dev.hotscope.bpf.internal.BpfErrno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A perf event fd for {@link BpfProgram#attachPerfEvent(PerfEvent)}: a software {@code cpu-clock}
 * sampling event (it works without a hardware PMU, e.g. in VMs). Attaching hands the fd to the
 * link; {@link #close()} closes it only if it was never attached. Idempotent.
 */
public final class PerfEvent implements AutoCloseable {
    private static final int PERF_TYPE_SOFTWARE = 1;
    private static final int PERF_COUNT_SW_CPU_CLOCK = 0;
    private static final int ATTR_BYTES = 128;
    private static final long FREQ_BIT = 1L << 10;
    private static final long PERF_FLAG_FD_CLOEXEC = 8;
    private static final int EPERM = 1;
    private static final int EACCES = 13;
    private static final int ENOENT = 2;
    private static final int ENODEV = 19;

    private final int cpu;
    private final long pid;
    private int fd;
    private boolean handedOver;

    private PerfEvent(int fd, long pid, int cpu) {
        this.fd = fd;
        this.pid = pid;
        this.cpu = cpu;
    }

    /**
     * Opens a cpu-clock sampling event for every process on one CPU.
     *
     * @param cpu the CPU, from 0
     * @param frequencyHz samples per second, positive
     * @return the event
     * @throws BpfPermissionException if the kernel refuses (root or CAP_PERFMON needed)
     * @throws BpfException with errno for other failures (e.g. an offline CPU)
     * @throws IllegalArgumentException if cpu is negative or the frequency is not positive
     */
    public static PerfEvent openCpuClock(int cpu, long frequencyHz) {
        if (cpu < 0) {
            throw new IllegalArgumentException("cpu must not be negative: " + cpu);
        }
        return open(-1, cpu, frequencyHz);
    }

    /**
     * Opens a cpu-clock sampling event for one process on any CPU.
     *
     * @param pid the process, positive
     * @param frequencyHz samples per second, positive
     * @return the event
     * @throws TargetGoneException if the process does not exist
     * @throws BpfPermissionException if the kernel refuses
     * @throws BpfException with errno for other failures
     * @throws IllegalArgumentException if pid is not positive or the frequency is not positive
     */
    public static PerfEvent openCpuClockForProcess(long pid, long frequencyHz) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pid must be a process id: " + pid);
        }
        return open(pid, -1, frequencyHz);
    }

    /**
     * Opens one cpu-clock sampling event per online CPU, for every process.
     *
     * @param frequencyHz samples per second per CPU, positive
     * @return the events, one per online CPU; close each (or attach it)
     * @throws BpfPermissionException if the kernel refuses
     * @throws BpfException with errno for other failures; events opened before are closed
     */
    public static List<PerfEvent> openCpuClockOnEachCpu(long frequencyHz) {
        List<PerfEvent> events = new ArrayList<>();
        try {
            for (int cpu : onlineCpus()) {
                events.add(openCpuClock(cpu, frequencyHz));
            }
            return events;
        } catch (RuntimeException | Error e) {
            events.forEach(PerfEvent::close);
            throw e;
        }
    }

    /** The online CPUs, from {@code /sys/devices/system/cpu/online} (all available processors if unreadable). */
    public static List<Integer> onlineCpus() {
        List<Integer> cpus = new ArrayList<>();
        try {
            String text = Files.readString(Path.of("/sys/devices/system/cpu/online")).trim();
            for (String range : text.split(",")) {
                String[] ends = range.split("-");
                int first = Integer.parseInt(ends[0].trim());
                int last = ends.length > 1 ? Integer.parseInt(ends[1].trim()) : first;
                for (int cpu = first; cpu <= last; cpu++) {
                    cpus.add(cpu);
                }
            }
        } catch (IOException | RuntimeException e) {
            cpus.clear();
            for (int cpu = 0; cpu < Runtime.getRuntime().availableProcessors(); cpu++) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    private static PerfEvent open(long pid, int cpu, long frequencyHz) {
        if (frequencyHz <= 0) {
            throw new IllegalArgumentException("sampling frequency must be positive: " + frequencyHz);
        }
        Sys sys = Native.sys();
        try (NativeMemory attr = NativeMemory.allocate(ATTR_BYTES, true)) {
            attr.putInt(0, PERF_TYPE_SOFTWARE);
            attr.putInt(4, ATTR_BYTES);
            attr.putLong(8, PERF_COUNT_SW_CPU_CLOCK);
            attr.putLong(16, frequencyHz);      // sample_freq
            attr.putLong(40, FREQ_BIT);         // flags: freq
            int fd = (int) sys.syscall(Sys.SYS_PERF_EVENT_OPEN, attr.address(), pid, cpu, -1, PERF_FLAG_FD_CLOEXEC, 0);
            if (fd < 0) {
                int errno = Native.sysErrno();
                String what = "perf_event_open(cpu-clock, " + (pid > 0 ? "pid " + pid : "all processes")
                    + (cpu >= 0 ? ", cpu " + cpu : "") + ", " + frequencyHz + " Hz)";
                if (pid > 0 && errno == 3) {
                    throw new TargetGoneException(pid, errno);
                }
                if (errno == EPERM || errno == EACCES) {
                    throw Capabilities.permissionDenied(what, errno);
                }
                if (errno == ENOENT || errno == ENODEV) {
                    throw new BpfUnsupportedException(what + " failed: " + BpfErrno.describe(errno)
                        + ": the kernel has no software cpu-clock event here", errno);
                }
                throw new BpfException(what + " failed: " + BpfErrno.describe(errno), errno, null);
            }
            return new PerfEvent(fd, pid, cpu);
        }
    }

    /**
     * The fd.
     *
     * @throws IllegalStateException if closed or handed to a link
     */
    public synchronized int fd() {
        if (fd < 0) {
            throw new IllegalStateException(this + " is " + (handedOver ? "attached: its link owns the fd" : "closed"));
        }
        return fd;
    }

    /** The CPU, or -1 for a per-process event. */
    public int cpu() {
        return cpu;
    }

    /** The process, or -1 for all processes. */
    public long pid() {
        return pid;
    }

    /** Whether this event still owns its fd (open and not attached). */
    public synchronized boolean isOpen() {
        return fd >= 0;
    }

    synchronized void handedOver() {
        handedOver = true;
        fd = -1;
    }

    /** Closes the fd unless a link owns it. Idempotent; never throws. */
    @Override
    public synchronized void close() {
        if (fd >= 0) {
            Native.sys().close(fd);
            fd = -1;
        }
    }

    @Override
    public String toString() {
        return "PerfEvent[cpu-clock" + (cpu >= 0 ? ", cpu " + cpu : "") + (pid > 0 ? ", pid " + pid : "") + "]";
    }
}
