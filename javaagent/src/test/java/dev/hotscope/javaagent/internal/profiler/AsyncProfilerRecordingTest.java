package dev.hotscope.javaagent.internal.profiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** async-profiler for real, in this JVM: its samples and the JDK's events read back from the file. */
class AsyncProfilerRecordingTest {
    private static final Path JFC = Path.of(System.getProperty("java.home"), "lib", "jfr", "default.jfc");
    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));
    private static final Duration WORK = Duration.ofSeconds(1);
    private static Set<Path> extractedBefore;

    @TempDir
    Path dir;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void rememberTmp() throws IOException {
        extractedBefore = extracted();
    }

    @Test
    void cpuSamplesOfABusyThreadLandBesideTheJdksEvents() throws Exception {
        Path file = dir.resolve("cpu.jfr");
        AsyncProfilerRecording profiler = start(ProfilerMode.CPU, file);
        ProfiledWork.onThreads(WORK, ProfiledWork.BURNER);
        System.gc();
        assertThat(profiler.stop()).contains(file);

        RecordedFile read = RecordedFile.read(file);
        List<RecordedEvent> burns = read.samples(ProfilerMode.CPU.sampleEvent(), "sampledThread", ProfiledWork.BURNER, "burn");
        // 1 s of CPU at one sample per 10 ms is ~100; a busy 2-CPU host still gives far more than 10.
        assertThat(burns).as("async-profiler's cpu samples in burn()").hasSizeGreaterThan(10);
        assertThat(read.setting("event")).isEqualTo("cpu");
        assertThat(profiler.describe()).isEqualTo("async-profiler 4.6 cpu (" + engineText(read.setting("engine"))
            + ") -> " + file);
        assertThat(read.of("jdk.JVMInformation")).as("the JDK's own events, per the .jfc").isNotEmpty();
        assertThat(read.of("jdk.GarbageCollection")).as("the JDK's own events, per the .jfc").isNotEmpty();
        assertThat(lines).isEmpty();
        assertNothingLeftBehind(file);
    }

    @Test
    void wallSamplesFindASleepingThread() throws Exception {
        Path file = dir.resolve("wall.jfr");
        AsyncProfilerRecording profiler = start(ProfilerMode.WALL, file);
        ProfiledWork.onThreads(WORK, ProfiledWork.SLEEPER);
        assertThat(profiler.stop()).contains(file);

        RecordedFile read = RecordedFile.read(file);
        // Sleeping costs no CPU; only wall-clock sampling sees it, ~20 times at 50 ms. An idle thread's
        // samples with the same stack are batched into one event that counts them.
        long samples = read.samples(ProfilerMode.WALL.sampleEvent(), "sampledThread", ProfiledWork.SLEEPER, "sleepAWhile")
            .stream().mapToLong(e -> e.getLong("samples")).sum();
        assertThat(samples).isGreaterThan(10);
        assertThat(read.of("jdk.JVMInformation")).isNotEmpty();
        assertThat(profiler.describe()).isEqualTo("async-profiler 4.6 wall -> " + file);
        assertNothingLeftBehind(file);
    }

    @Test
    void allocationSamplesNameTheAllocatingMethod() throws Exception {
        Path file = dir.resolve("alloc.jfr");
        AsyncProfilerRecording profiler = start(ProfilerMode.ALLOC, file);
        ProfiledWork.onThreads(WORK, ProfiledWork.ALLOCATOR);
        assertThat(profiler.stop()).contains(file);

        RecordedFile read = RecordedFile.read(file);
        List<RecordedEvent> allocations = Stream.of(ProfilerMode.ALLOC.sampleEvent(), "jdk.ObjectAllocationOutsideTLAB")
            .flatMap(type -> read.samples(type, "eventThread", ProfiledWork.ALLOCATOR, "allocate").stream())
            .collect(Collectors.toList());
        assertThat(allocations).hasSizeGreaterThan(10);
        assertThat(allocations).anySatisfy(e -> assertThat(e.getClass("objectClass").getName()).isEqualTo("[B"));
        assertThat(read.of("jdk.GarbageCollection")).as("1 s of allocation collects").isNotEmpty();
        assertNothingLeftBehind(file);
    }

    @Test
    void lockSamplesNameTheContendedMonitor() throws Exception {
        Path file = dir.resolve("lock.jfr");
        AsyncProfilerRecording profiler = start(ProfilerMode.LOCK, file);
        ProfiledWork.onThreads(WORK, ProfiledWork.CONTENDER + 1, ProfiledWork.CONTENDER + 2);
        assertThat(profiler.stop()).contains(file);

        List<RecordedEvent> waits = RecordedFile.read(file)
            .samples(ProfilerMode.LOCK.sampleEvent(), "eventThread", ProfiledWork.CONTENDER, "contend");
        assertThat(waits).isNotEmpty();
        assertThat(waits).allSatisfy(e -> assertThat(e.getClass("monitorClass").getName())
            .isEqualTo(ProfiledWork.Monitor.class.getName()));
        assertNothingLeftBehind(file);
    }

    @Test
    void stopGoesThroughTheJdkRecordingAndClosesIt() throws Exception {
        Path file = dir.resolve("jdk.jfr");
        AsyncProfilerRecording profiler = start(ProfilerMode.CPU, file);
        // Stopping the JDK recording stops async-profiler from the recording's listener, the lock
        // order the JVM's own shutdown hook uses too; this needs jfrsync's recording to be found.
        Recording jdk = profiler.jdkRecording().orElseThrow();
        assertThat(jdk.getDestination()).isEqualTo(file);
        assertThat(jdk.getState()).isEqualTo(RecordingState.RUNNING);

        assertThat(profiler.stop()).contains(file);

        assertThat(jdk.getState()).isEqualTo(RecordingState.CLOSED);
        assertThat(recordingIds()).doesNotContain(jdk.getId());
        assertThat(RecordedFile.read(file).of("jdk.ActiveRecording")).extracting(e -> e.getString("name"))
            .as("the JDK's chunk and async-profiler's").contains("async-profiler 4.6", String.valueOf(jdk.getId()));
    }

    @Test
    void stopTwiceAndCloseReturnTheSameFileAndSayNothing() throws Exception {
        Path file = dir.resolve("twice.jfr");
        AsyncProfilerRecording profiler = start(ProfilerMode.CPU, file);
        long began = System.nanoTime();
        Optional<Path> first = profiler.stop();
        System.out.printf("measured: cpu stopped in %d ms%n", (System.nanoTime() - began) / 1_000_000);
        long size = Files.size(file);

        assertThat(first).contains(file);
        assertThat(profiler.stop()).isSameAs(first);
        profiler.close();
        assertThat(Files.size(file)).isEqualTo(size);
        assertThat(lines).isEmpty();
    }

    @Test
    void oneAtATimeAndTheSlotIsFreeAfterStop() throws Exception {
        AsyncProfilerRecording first = start(ProfilerMode.CPU, dir.resolve("first.jfr"));

        Optional<AsyncProfilerRecording> second = AsyncProfilerRecording.start(ProfilerMode.WALL, dir.resolve("second.jfr"),
            JFC, lines::add);

        assertThat(second).isEmpty();
        assertThat(lines).singleElement().asString()
            .startsWith("async-profiler already runs for hotscope (async-profiler 4.6 cpu")
            .endsWith("first.jfr); profiler= is off");
        assertThat(first.stop()).isPresent();
        lines.clear();
        try (AsyncProfilerRecording third = start(ProfilerMode.WALL, dir.resolve("third.jfr"))) {
            assertThat(third.describe()).contains("wall");
        }
        assertThat(dir.resolve("third.jfr")).isNotEmptyFile();
    }

    @Test
    void anUnwritableFileIsOneLineAndLeavesNoRecordingBehind() {
        Set<Long> before = recordingIds();

        Optional<AsyncProfilerRecording> started = AsyncProfilerRecording.start(ProfilerMode.CPU,
            dir.resolve("no-such-dir/x.jfr"), JFC, lines::add);

        assertThat(started).isEmpty();
        assertThat(lines).containsExactly("async-profiler cannot write " + dir.resolve("no-such-dir/x.jfr")
            + " (no such directory, or not writable); give file=PATH; profiler= is off");
        assertThat(recordingIds()).isEqualTo(before);
    }

    @Test
    void pathsAsyncProfilerWouldMisreadAreRefused() {
        assertThat(AsyncProfilerRecording.start(ProfilerMode.CPU, dir.resolve("a,b.jfr"), JFC, lines::add)).isEmpty();
        assertThat(AsyncProfilerRecording.start(ProfilerMode.CPU, dir.resolve("x-%p.jfr"), JFC, lines::add)).isEmpty();

        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line)
            .contains("its path may not contain ',' or '%'").endsWith("; profiler= is off"));
    }

    @Test
    void badSettingsAreOneLine() throws IOException {
        Path garbage = Files.writeString(dir.resolve("bad.jfc"), "not xml");

        assertThat(AsyncProfilerRecording.start(ProfilerMode.CPU, dir.resolve("x.jfr"), dir.resolve("none.jfc"), lines::add))
            .isEmpty();
        assertThat(AsyncProfilerRecording.start(ProfilerMode.CPU, dir.resolve("x.jfr"), garbage, lines::add)).isEmpty();

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("async-profiler cannot use JFR settings " + dir.resolve("none.jfc") + ": ");
        assertThat(lines.get(1)).startsWith("async-profiler cannot use JFR settings " + garbage + ": ");
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain("\n").endsWith("; profiler= is off"));
        assertThat(dir.resolve("x.jfr")).doesNotExist();
    }

    @Test
    void anotherPlatformIsOneLineWithoutTrying() {
        String arch = System.getProperty("os.arch");
        System.setProperty("os.arch", "sparcv9");
        try {
            assertThat(AsyncProfilerRecording.start(ProfilerMode.CPU, dir.resolve("x.jfr"), JFC, lines::add)).isEmpty();
        } finally {
            System.setProperty("os.arch", arch);
        }
        assertThat(lines).containsExactly("async-profiler has no library for " + System.getProperty("os.name")
            + "/sparcv9; profiler= is off");
        assertThat(dir.resolve("x.jfr")).doesNotExist();
    }

    private AsyncProfilerRecording start(ProfilerMode mode, Path file) {
        long began = System.nanoTime();
        AsyncProfilerRecording profiler = AsyncProfilerRecording.start(mode, file, JFC, lines::add)
            .orElseThrow(() -> new AssertionError("did not start: " + lines));
        System.out.printf("measured: %s started in %d ms%n", mode.option(), (System.nanoTime() - began) / 1_000_000);
        return profiler;
    }

    private static String engineText(String recorded) {
        return recorded.equals("perf_events") ? recorded : recorded + ": perf_events unavailable";
    }

    /** The library was extracted and deleted at load; jfrsync's temporary file is gone; only the recording is left. */
    private void assertNothingLeftBehind(Path file) throws IOException {
        assertThat(extracted()).isEqualTo(extractedBefore);
        assertThat(ProfilerPlatform.mappedLibrary()).hasValueSatisfying(p -> assertThat(p)
            .startsWith(TMP.resolve("libasyncProfiler-").toString()).endsWith(".so (deleted)"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        System.out.printf("measured: %s is %d bytes%n", file.getFileName(), Files.size(file));
    }

    private static Set<Path> extracted() throws IOException {
        try (Stream<Path> files = Files.list(TMP)) {
            return files.filter(p -> p.getFileName().toString().startsWith("libasyncProfiler")).collect(Collectors.toSet());
        }
    }

    private static Set<Long> recordingIds() {
        return FlightRecorder.getFlightRecorder().getRecordings().stream().map(Recording::getId).collect(Collectors.toSet());
    }
}
