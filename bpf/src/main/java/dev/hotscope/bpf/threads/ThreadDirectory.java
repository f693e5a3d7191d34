package dev.hotscope.bpf.threads;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps the OS thread ids of one process to {@link ThreadInfo}s, including threads that existed
 * before tracing began.
 *
 * <p>For a HotSpot JVM the Java names, ids and daemon flags come from its {@code Thread.print}
 * (in-process through the DiagnosticCommand MBean when the target is the current JVM, otherwise
 * through {@code jcmd}); threads the dump does not list, and every thread of other processes, are
 * named from {@code /proc/PID/task/TID/comm}. {@link #lookup} never blocks on the JVM and never
 * returns null; {@link #refresh} takes a new snapshot, at most once per {@link #MIN_REFRESH_INTERVAL}.
 * Threads that exit stay known, so late events still find their names. Thread-safe.
 */
public final class ThreadDirectory {
    /** The shortest time between two snapshots taken by {@link #refresh()}. */
    public static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(1);

    private static final int MAX_EXITED = 4096;
    private static final int MAX_MISSES = 16384;

    private final long pid;
    private final boolean self;
    private final boolean hotSpot;
    private final Map<Long, ThreadInfo> misses = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot;
    private long lastRefreshNanos;

    /** One refresh's result: every known thread, the live ones, and why Java names are missing. */
    private record Snapshot(TidTable table, List<ThreadInfo> live, Map<Long, ThreadInfo> all, String problem) {}

    private ThreadDirectory(long pid) {
        this.pid = pid;
        this.self = pid == ProcessHandle.current().pid();
        this.hotSpot = DiagnosticCommands.isHotSpot(pid);
    }

    /**
     * Creates the directory of a process and takes a first snapshot, which for another JVM runs
     * {@code jcmd PID Thread.print} (typically a few hundred milliseconds).
     *
     * @param pid the process id
     * @return the directory
     * @throws IllegalArgumentException if there is no process with that pid
     */
    public static ThreadDirectory forProcess(long pid) {
        if (!ProcTasks.exists(pid)) {
            throw new IllegalArgumentException("no process with pid " + pid);
        }
        ThreadDirectory directory = new ThreadDirectory(pid);
        synchronized (directory) {
            directory.reload();
            directory.lastRefreshNanos = System.nanoTime();
        }
        if (directory.snapshot.live().isEmpty() && !ProcTasks.exists(pid)) {
            throw new IllegalArgumentException("no process with pid " + pid);
        }
        return directory;
    }

    /** The process id. */
    public long pid() {
        return pid;
    }

    /**
     * Names a thread. Threads unknown to the last snapshot are named from their {@code comm} (read
     * once, then remembered until the next refresh), and threads without one are {@code [tid N]}.
     *
     * @param tid the OS thread id
     * @return the thread's info; never null
     */
    public ThreadInfo lookup(long tid) {
        ThreadInfo info = snapshot.table().get(tid);
        if (info != null) {
            return info;
        }
        info = misses.get(tid);
        if (info != null) {
            return info;
        }
        info = fromComm(tid);
        if (misses.size() >= MAX_MISSES) {
            misses.clear();
        }
        misses.put(tid, info);
        return info;
    }

    /**
     * Takes a new snapshot unless the last one is younger than {@link #MIN_REFRESH_INTERVAL}.
     * For another JVM this runs {@code jcmd} and blocks until it finishes.
     *
     * @return true if a new snapshot was taken
     */
    public synchronized boolean refresh() {
        long now = System.nanoTime();
        if (now - lastRefreshNanos < MIN_REFRESH_INTERVAL.toNanos()) {
            return false;
        }
        reload();
        lastRefreshNanos = System.nanoTime();
        return true;
    }

    /** The threads alive at the last snapshot, sorted by tid; never null. */
    public List<ThreadInfo> threads() {
        return snapshot.live();
    }

    /**
     * Why the last snapshot has no Java names, e.g. jcmd missing or attach refused.
     *
     * @return the reason, or empty if the names came from the JVM or the process is not a JVM
     */
    public Optional<String> problem() {
        return Optional.ofNullable(snapshot.problem());
    }

    private void reload() {
        Snapshot previous = snapshot;
        long[] tids;
        try {
            tids = ProcTasks.tids(pid);
        } catch (IOException e) {
            tids = new long[0]; // the process has exited: keep what is known
        }
        Map<Long, ThreadDumpParser.Header> headers = new HashMap<>();
        String problem = null;
        ThreadSource source = self ? ThreadSource.DIAGNOSTIC_MBEAN : ThreadSource.JCMD;
        if (hotSpot && tids.length > 0) {
            try {
                for (ThreadDumpParser.Header h : ThreadDumpParser.parse(DiagnosticCommands.execute(pid, "Thread.print"))) {
                    headers.put(h.tid(), h);
                }
            } catch (IOException e) {
                problem = e.getMessage();
            }
        }
        Map<Long, ThreadInfo> live = new HashMap<>();
        for (long tid : tids) {
            ThreadDumpParser.Header h = headers.remove(tid);
            if (h != null) {
                live.put(tid, fromHeader(h, source));
            } else {
                String comm = ProcTasks.comm(pid, tid);
                if (comm != null) {
                    live.put(tid, new ThreadInfo(tid, comm, -1, false, false, ThreadSource.COMM));
                }
            }
        }
        for (ThreadDumpParser.Header h : headers.values()) {
            live.put(h.tid(), fromHeader(h, source)); // started after the task directory was listed
        }
        Map<Long, ThreadInfo> all = new HashMap<>(live);
        if (previous != null) {
            int exited = 0;
            for (ThreadInfo old : previous.all().values()) {
                if (!all.containsKey(old.tid()) && exited++ < MAX_EXITED) {
                    all.put(old.tid(), old);
                }
            }
        }
        List<ThreadInfo> sorted = new ArrayList<>(live.values());
        sorted.sort(Comparator.comparingLong(ThreadInfo::tid));
        snapshot = new Snapshot(new TidTable(all.values()), Collections.unmodifiableList(sorted), all, problem);
        misses.clear();
    }

    private static ThreadInfo fromHeader(ThreadDumpParser.Header h, ThreadSource source) {
        return new ThreadInfo(h.tid(), h.name(), h.javaId(), h.daemon(), h.javaId() >= 0, source);
    }

    private ThreadInfo fromComm(long tid) {
        String comm = ProcTasks.comm(pid, tid);
        return comm != null
            ? new ThreadInfo(tid, comm, -1, false, false, ThreadSource.COMM)
            : new ThreadInfo(tid, "[tid " + tid + "]", -1, false, false, ThreadSource.NONE);
    }
}
