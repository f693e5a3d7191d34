package dev.hotscope.javaagent.internal.profiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * async-profiler running in jfrsync mode: it starts a JDK recording with the given settings and,
 * when stopped, appends its own samples to that recording's file. One at a time per JVM; the
 * library is loaded once and never unloaded (the JVM cannot unload it).
 *
 * <p>Nothing thrown inside async-profiler or JFR reaches the caller: what fails is one line
 * through the log consumer.
 */
public final class AsyncProfilerRecording implements AutoCloseable {
    private static final String OFF = "; profiler= is off";
    private static final String LIBRARY = "libasyncProfiler.so";
    /** How long stop() waits for a stop begun elsewhere (the JVM's JFR shutdown hook) to finish. */
    private static final Duration WAIT_FOR_OTHER_STOP = Duration.ofSeconds(20);

    /** Loaded once per hotscope class loader; a second copy of the library in one process would clash. */
    private static ProfilerLibrary library;
    private static AsyncProfilerRecording running;

    private final ProfilerLibrary profiler;
    private final Path file;
    private final String description;
    private final Consumer<String> log;
    /** The JDK recording jfrsync started; null if it could not be found (then the profiler is stopped directly). */
    private final Recording jdkRecording;
    private Optional<Path> result;

    private AsyncProfilerRecording(ProfilerLibrary profiler, Path file, String description,
                                   Consumer<String> log, Recording jdkRecording) {
        this.profiler = profiler;
        this.file = file;
        this.description = description;
        this.log = log;
        this.jdkRecording = jdkRecording;
    }

    /**
     * Loads async-profiler and starts it in jfrsync mode, writing JDK events (settings from
     * {@code jfcFile}) and its samples to {@code file} when stopped, or by itself when the JVM exits.
     *
     * @param mode what to sample; not null
     * @param file the recording to write; its directory must exist and be writable; not null
     * @param jfcFile JFR settings (a .jfc file) for the JDK events of the same recording; not null
     * @param log receives one line if async-profiler cannot start; not null
     * @return the running recording; empty (after one line through {@code log}) if it cannot start
     * @throws NullPointerException if an argument is null
     */
    public static Optional<AsyncProfilerRecording> start(ProfilerMode mode, Path file, Path jfcFile,
                                                         Consumer<String> log) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(jfcFile, "jfcFile");
        Objects.requireNonNull(log, "log");
        try {
            synchronized (AsyncProfilerRecording.class) {
                running = startOrRefuse(mode, file.toAbsolutePath().normalize(),
                    jfcFile.toAbsolutePath().normalize(), log);
                return Optional.of(running);
            }
        } catch (ProfilerUnavailable e) {
            log.accept(e.getMessage());
        } catch (Throwable t) {
            log.accept("async-profiler failed to start: " + oneLine(t) + OFF);
        }
        return Optional.empty();
    }

    private static AsyncProfilerRecording startOrRefuse(ProfilerMode mode, Path file, Path jfc, Consumer<String> log)
            throws ProfilerUnavailable {
        if (running != null) {
            throw new ProfilerUnavailable("async-profiler already runs for hotscope (" + running.describe() + ")" + OFF);
        }
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        String folder = ProfilerPlatform.libraryFolder(os, arch).orElseThrow(
            () -> new ProfilerUnavailable("async-profiler has no library for " + os + "/" + arch + OFF));
        checkFile(file);
        checkSettings(jfc);
        Set<Long> before = recordingIds();
        ProfilerLibrary lib = library(folder);
        int perfBefore = mode == ProfilerMode.CPU ? ProfilerPlatform.perfEventFds() : -1;
        String command = "start," + mode.arguments() + ",jfrsync=" + jfc + ",file=" + file;
        try {
            lib.execute(command);
        } catch (RuntimeException | Error e) {
            JdkRecordings.closeAppeared(before, file);
            throw new ProfilerUnavailable("async-profiler did not start (" + command + "): " + oneLine(e) + OFF);
        }
        String engine = mode == ProfilerMode.CPU ? " (" + cpuEngine(perfBefore) + ")" : "";
        String description = "async-profiler " + version(lib) + " " + mode.option() + engine + " -> " + file;
        return new AsyncProfilerRecording(lib, file, description, log,
            JdkRecordings.appeared(before, file).orElse(null));
    }

    /** async-profiler reads its arguments up to the next comma and expands %p, %t... in file names. */
    private static void checkFile(Path file) throws ProfilerUnavailable {
        String text = file.toString();
        if (text.contains(",") || text.contains("%")) {
            throw new ProfilerUnavailable("async-profiler cannot write " + file
                + ": its path may not contain ',' or '%'; give another file=PATH" + OFF);
        }
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)
            || (Files.exists(file) && !Files.isWritable(file))) {
            throw new ProfilerUnavailable("async-profiler cannot write " + file
                + " (no such directory, or not writable); give file=PATH" + OFF);
        }
    }

    /** Checked here: a bad file inside jfrsync prints a stack trace on the JVM's stderr. */
    private static void checkSettings(Path jfc) throws ProfilerUnavailable {
        if (jfc.toString().contains(",")) {
            throw new ProfilerUnavailable("async-profiler cannot read JFR settings " + jfc
                + ": its path may not contain ','" + OFF);
        }
        try {
            Configuration.create(jfc);
        } catch (IOException | ParseException | RuntimeException e) {
            throw new ProfilerUnavailable("async-profiler cannot use JFR settings " + jfc + ": " + oneLine(e) + OFF);
        }
    }

    private static ProfilerLibrary library(String folder) throws ProfilerUnavailable {
        if (library != null) {
            return library;
        }
        Optional<String> mapped = ProfilerPlatform.mappedLibrary();
        if (mapped.isPresent()) {
            throw new ProfilerUnavailable("async-profiler is already loaded in this JVM (" + mapped.get()
                + ", by another agent or an earlier hotscope attach); hotscope does not load a second copy" + OFF);
        }
        try {
            library = ProfilerLibrary.load("/" + folder + "/" + LIBRARY);
            return library;
        } catch (ProfilerUnavailable e) {
            throw new ProfilerUnavailable(e.getMessage() + OFF);
        } catch (Throwable t) {
            throw new ProfilerUnavailable("async-profiler could not be loaded: " + oneLine(t) + " (it extracts "
                + LIBRARY + " into " + extractDirectory() + "; if that is mounted noexec, give the JVM"
                + " -Done.profiler.extractPath=DIR)" + OFF);
        }
    }

    private static String extractDirectory() {
        String dir = System.getProperty("one.profiler.extractPath");
        return dir == null || dir.isEmpty() ? System.getProperty("java.io.tmpdir") : dir;
    }

    private static Set<Long> recordingIds() throws ProfilerUnavailable {
        try {
            return JdkRecordings.ids();
        } catch (RuntimeException | Error e) {
            throw new ProfilerUnavailable("JFR is not available (" + oneLine(e) + "); async-profiler's jfrsync needs it" + OFF);
        }
    }

    /** perf_events opens one descriptor per thread; without them async-profiler fell back to ctimer, silently. */
    private static String cpuEngine(int perfBefore) {
        int perfAfter = ProfilerPlatform.perfEventFds();
        if (perfBefore < 0 || perfAfter < 0) {
            return "engine unknown";
        }
        return perfAfter > perfBefore ? "perf_events" : "ctimer: perf_events unavailable";
    }

    private static String version(ProfilerLibrary lib) {
        try {
            return lib.version();
        } catch (RuntimeException e) {
            return "(version unknown)";
        }
    }

    /**
     * Stops profiling and writes the file: the JDK's events, then async-profiler's samples.
     * Idempotent; never throws. If the JVM's shutdown hook began writing the file, waits for it.
     *
     * @return the file; empty (after one line through the log) if nothing was written
     */
    public Optional<Path> stop() {
        synchronized (this) {
            if (result == null) {
                result = finish();
                synchronized (AsyncProfilerRecording.class) {
                    if (running == this) {
                        running = null;
                    }
                }
            }
            return result;
        }
    }

    private Optional<Path> finish() {
        try {
            // While the JVM exits, its JFR hook dumps the recording (jfrsync asks for that) and then
            // deletes JFR's repository: a dump from this thread could lose the chunks it copies.
            if (jdkRecording != null && (exiting() || !JdkRecordings.stop(jdkRecording))) {
                awaitStopElsewhere();
            }
            if (profiler.active()) {
                // Not via the recording (not found, or its listener did not run): stop it directly.
                stopProfiler();
            }
            closeJdkRecording();
            if (Files.size(file) > 0) {
                return Optional.of(file);
            }
            log.accept("async-profiler wrote nothing to " + file);
        } catch (Throwable t) {
            log.accept("async-profiler did not finish " + file + ": " + oneLine(t));
        }
        return Optional.empty();
    }

    /** The JVM's JFR shutdown hook dumps the recording; its listener then stops async-profiler, which appends. */
    private void awaitStopElsewhere() {
        long deadline = System.nanoTime() + WAIT_FOR_OTHER_STOP.toNanos();
        while (profiler.active() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The JVM refuses new shutdown hooks once it exits: the one public way to ask. */
    private static boolean exiting() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        } catch (RuntimeException notAllowed) {
            return false;
        }
    }

    private void stopProfiler() {
        try {
            profiler.execute("stop");
        } catch (IllegalStateException stoppedMeanwhile) {
            // "Profiler is not active": the other stop finished first, which is what we wanted
        }
    }

    private void closeJdkRecording() {
        if (jdkRecording != null) {
            try {
                jdkRecording.close();
            } catch (RuntimeException alreadyClosed) {
                // JFR closes a stopped recording with a destination itself
            }
        }
    }

    /**
     * What runs, for the agent's status line, e.g. {@code async-profiler 4.6 cpu (perf_events) -> /tmp/x.jfr}.
     *
     * @return never null
     */
    public String describe() {
        return description;
    }

    /** The JDK recording jfrsync started, through which stop() stops async-profiler; empty if not found. */
    Optional<Recording> jdkRecording() {
        return Optional.ofNullable(jdkRecording);
    }

    /** Stops it if {@link #stop()} was not called yet; idempotent, never throws. */
    @Override
    public void close() {
        stop();
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage();
        String text = message == null || message.isBlank() ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + message;
        return text.replace('\n', ' ');
    }
}
