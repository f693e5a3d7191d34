package dev.hotscope.bpf.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's current {@link ProcessMaps}, re-read on request, or when an address misses but at
 * most once a second: code appears after a snapshot (dlopen, JIT code cache growth), and reading
 * the maps on every miss would make unmapped addresses expensive. Values a {@link FileCache} bound
 * to mappings that did not change survive a re-read. Thread-safe.
 */
public final class LiveMaps {
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final long pid;
    private final boolean executableOnly;
    private volatile ProcessMaps maps;
    private long lastRead;

    private LiveMaps(long pid, boolean executableOnly, ProcessMaps maps) {
        this.pid = pid;
        this.executableOnly = executableOnly;
        this.maps = maps;
        this.lastRead = System.nanoTime();
    }

    /**
     * Reads a process's maps now.
     *
     * @param pid the process id; the current process works too
     * @param executableOnly whether to keep only {@linkplain ProcessMaps#executableOnly() executable} mappings
     * @return the maps
     * @throws IllegalArgumentException if there is no process with that pid or its maps cannot be read
     */
    public static LiveMaps of(long pid, boolean executableOnly) {
        try {
            return new LiveMaps(pid, executableOnly, read(pid, executableOnly));
        } catch (IOException e) {
            if (pid <= 0 || !Files.isDirectory(Path.of("/proc", Long.toString(pid)))) {
                throw new IllegalArgumentException("no process with pid " + pid);
            }
            throw new IllegalArgumentException("cannot read the mappings of pid " + pid + ": " + e.getMessage());
        }
    }

    private static ProcessMaps read(long pid, boolean executableOnly) throws IOException {
        ProcessMaps all = ProcessMaps.read(pid);
        return executableOnly ? all.executableOnly() : all;
    }

    /** The last maps read. */
    public ProcessMaps current() {
        return maps;
    }

    /**
     * Re-reads the maps if forced or if the last read is over a second old.
     *
     * @param force whether to re-read regardless of the last read's age
     * @return true if it did; false if too soon or the process has exited (the last maps stay)
     */
    public synchronized boolean refresh(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastRead < INTERVAL_NANOS) {
            return false;
        }
        lastRead = now;
        try {
            ProcessMaps fresh = read(pid, executableOnly);
            fresh.keepBindings(maps);
            maps = fresh;
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
