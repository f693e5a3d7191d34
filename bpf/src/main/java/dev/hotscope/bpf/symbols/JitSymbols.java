package dev.hotscope.bpf.symbols;

import dev.hotscope.bpf.threads.DiagnosticCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The perf map of one JVM, re-read on demand at most once per {@link #MIN_INTERVAL_NANOS}. When
 * allowed, a re-read first asks the JVM to write a fresh map ({@code Compiler.perfmap}: in-process
 * for the current JVM, else through jcmd, which costs the better part of a second of CPU); after a
 * failed request it waits {@link #FAILURE_BACKOFF_NANOS} before asking again.
 *
 * <p>A re-read that did not name the address that called for it (code freed since it was sampled,
 * or memory the JVM does not list) doubles the interval before the next one asked for by a miss,
 * up to {@link #MAX_INTERVAL_NANOS}; one that did brings it back to the minimum. So an address no
 * map will ever name does not make the JVM write its map every second.
 */
final class JitSymbols {
    static final long MIN_INTERVAL_NANOS = 1_000_000_000L;
    static final long MAX_INTERVAL_NANOS = 16_000_000_000L;
    static final long FAILURE_BACKOFF_NANOS = 30_000_000_000L;

    private final long pid;
    private final Path file;
    private final boolean askJvm;
    private final LongSupplier clock;
    private volatile PerfMap map = PerfMap.EMPTY;
    private volatile String problem;
    private long lastRefresh;
    private boolean refreshedOnce;
    private long nextRequest;
    private long interval = MIN_INTERVAL_NANOS;

    JitSymbols(long pid, boolean askJvm) {
        this(pid, askJvm, System::nanoTime);
    }

    /** With a clock of nanoseconds, for tests of the refresh cadence. */
    JitSymbols(long pid, boolean askJvm, LongSupplier clock) {
        this.pid = pid;
        this.askJvm = askJvm;
        this.clock = clock;
        this.file = Path.of("/proc", Long.toString(pid), "root", "tmp", "perf-" + namespacePid(pid) + ".map");
    }

    /** The current map; never null. */
    PerfMap map() {
        return map;
    }

    /** The perf map file as seen from this process. */
    Path file() {
        return file;
    }

    /** Why the last request for a fresh map failed, or null. */
    String problem() {
        return problem;
    }

    /** Reads the file as it is, without asking the JVM; a missing file gives an empty map. */
    synchronized void readExisting() {
        read();
    }

    /**
     * Asks the JVM for a fresh map (if allowed) and re-reads it, for an address the map does not
     * name, unless the last refresh is more recent than the current interval (one to 16 seconds).
     * Tell {@link #refreshHelped} whether the new map named the address.
     *
     * @return true if the map was re-read
     */
    synchronized boolean refresh() {
        if (refreshedOnce && clock.getAsLong() - lastRefresh < interval) {
            return false;
        }
        return refresh(false);
    }

    /** Whether the map that {@link #refresh()} re-read named the address that asked for it: sets the next interval. */
    synchronized void refreshHelped(boolean helped) {
        interval = helped ? MIN_INTERVAL_NANOS : Math.min(interval * 2, MAX_INTERVAL_NANOS);
    }

    /**
     * Re-reads the map; when {@code force} is false, only if the last refresh is over a second old.
     * The JVM is asked for a fresh map (if allowed) at most once a second even when forced.
     *
     * @return true if the map was re-read
     */
    synchronized boolean refresh(boolean force) {
        long now = clock.getAsLong();
        boolean recent = refreshedOnce && now - lastRefresh < MIN_INTERVAL_NANOS;
        if (recent && !force) {
            return false;
        }
        if (askJvm && !recent && now - nextRequest >= 0) {
            try {
                DiagnosticCommands.execute(pid, "Compiler.perfmap");
                problem = null;
            } catch (IOException e) {
                problem = e.getMessage();
                nextRequest = clock.getAsLong() + FAILURE_BACKOFF_NANOS;
            }
        }
        refreshedOnce = true;
        read();
        lastRefresh = clock.getAsLong();
        return true;
    }

    private void read() {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            map = PerfMap.parse(reader);
        } catch (NoSuchFileException e) {
            // no map yet
        } catch (IOException e) {
            problem = "cannot read " + file + ": " + e.getMessage();
        }
    }

    /** The process's pid inside its own pid namespace (the last NSpid field), which names its perf map. */
    static long namespacePid(long pid) {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : status) {
                if (line.startsWith("NSpid:")) {
                    String[] fields = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(fields[fields.length - 1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall back to the pid as we see it
        }
        return pid;
    }
}
