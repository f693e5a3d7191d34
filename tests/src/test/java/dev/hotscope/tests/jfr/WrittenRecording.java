package dev.hotscope.tests.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.TracingAssumptions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.flightrecorder.CouldNotLoadRecordingException;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.internal.EventArrays;
import org.openjdk.jmc.flightrecorder.internal.FlightRecordingLoader;

/**
 * The one agent run whose written file the JMC and jfr-tool tests read: every feature on, a probed
 * method, a 4 s duration that ends the session (and writes the file) while the workload still runs.
 * Made once per test JVM, on first use.
 */
final class WrittenRecording {
    static final String PROBED = "dev.hotscope.tests.jfr.JfrWorkload#nap";
    /** {@code -Dhotscope.keepRecordings=true} keeps the recording and its parts for a look after the tests. */
    static final String KEEP = "hotscope.keepRecordings";
    private static WrittenRecording shared;

    final Path dir;
    final Path file;
    final Path jdkPart;
    final Path hotscopePart;
    final int chunks;
    final String wroteLine;
    final Duration runTime;
    /** Events per type, read by the JDK's RecordingFile from the whole file. */
    final Map<String, Long> counts;
    private IItemCollection items;
    private EventArrays arrays;

    private WrittenRecording(Path dir, Path file, String wroteLine, Duration runTime) throws IOException {
        this.dir = dir;
        this.file = file;
        this.wroteLine = wroteLine;
        this.runTime = runTime;
        RecordingParts parts = RecordingParts.of(file);
        this.chunks = parts.chunkCount();
        this.jdkPart = parts.writeAllButLast(dir.resolve("jdk-part.jfr"));
        this.hotscopePart = parts.writeLast(dir.resolve("hotscope-part.jfr"));
        this.counts = RecordingParts.countsByType(file);
    }

    /** The shared recording, made by the first caller (about 10 s). */
    static synchronized WrittenRecording get() throws Exception {
        TracingAssumptions.requireRoot();
        if (shared == null) {
            shared = record();
        }
        return shared;
    }

    private static WrittenRecording record() throws Exception {
        Path dir = Files.createTempDirectory("hotscope-jfr-");
        if (!Boolean.getBoolean(KEEP)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        }
        Path file = dir.resolve("written.jfr");
        long began = System.nanoTime();
        String wrote;
        try (AgentJvm jvm = AgentJvm.start("syscall=20ms,lock=5ms,offcpu=30ms,runq=2ms,gc,probe=" + PROBED
                + ",span=10ms,interval=1s,duration=4s,file=" + file,
            List.of("-XX:+PreserveFramePointer", "-XX:+UseG1GC", "-Xmx64m"), "agent")) {
            wrote = jvm.awaitAgentLine(l -> l.contains("stopped"), Duration.ofSeconds(60));
            assertThat(jvm.exitNormally()).as(jvm.process().describe()).isZero();
        }
        Duration runTime = Duration.ofNanos(System.nanoTime() - began);
        assertThat(wrote).as("the agent's last line").contains("wrote " + file);
        return new WrittenRecording(dir, file, wrote, runTime);
    }

    /** The file as JMC's parser gives it to its UI and rules. */
    synchronized IItemCollection items() throws IOException, CouldNotLoadRecordingException {
        if (items == null) {
            items = JfrLoaderToolkit.loadEvents(file.toFile());
        }
        return items;
    }

    /** The file as JMC's loader gives it, with each type's category (JfrLoaderToolkit hides those). */
    synchronized EventArrays arrays() throws IOException, CouldNotLoadRecordingException {
        if (arrays == null) {
            try (InputStream in = Files.newInputStream(file)) {
                arrays = FlightRecordingLoader.loadStream(in, false, false);
            }
        }
        return arrays;
    }

    static IItemCollection load(Path path) throws IOException, CouldNotLoadRecordingException {
        return JfrLoaderToolkit.loadEvents(new File(path.toString()));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp directory left behind is harmless
        }
    }
}
