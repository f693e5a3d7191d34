package dev.hotscope.tests.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.Commands;
import dev.hotscope.tests.support.TracingAssumptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One workload JVM with the agent and three of the JVM's own ways to record: a recording started on
 * its command line, one started and dumped with jcmd, and a RecordingStream inside it. hotscope's
 * events reach all three, carrying the thread they are about in javaThread. The workload then returns
 * from main with the agent still running: the agent's file must still have both of its parts.
 */
class InProcessRecordingsTest {
    private static final Pattern STREAM_LINE = Pattern.compile(
        "STREAM (\\S+) javaThread=(.*) eventThread=(.*) at=(\\d+) detail=(.*)");
    @TempDir
    static Path dir;
    private static Path startup;
    private static Path dumped;
    private static Path written;
    private static List<String> stdout;
    private static List<String> agentLines;
    private static Commands.Result jfrStart;
    private static Commands.Result jfrDump;
    private static int exitCode;

    @BeforeAll
    static void runWorkload() throws Exception {
        TracingAssumptions.requireRoot();
        startup = dir.resolve("startup.jfr");
        dumped = dir.resolve("dumped.jfr");
        written = dir.resolve("agent.jfr");
        Path settings = Files.writeString(dir.resolve("hotscope.jfc"), """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0" label="hotscope test" description="hotscope's events, histograms each second">
              <event name="hotscope.SyscallLatency"><setting name="enabled">true</setting></event>
              <event name="hotscope.LockWait"><setting name="enabled">true</setting></event>
              <event name="hotscope.LatencyHistogram">
                <setting name="enabled">true</setting>
                <setting name="period">1 s</setting>
              </event>
            </configuration>
            """);
        long began = System.nanoTime();
        try (AgentJvm jvm = AgentJvm.start("syscall=20ms,lock=5ms,interval=1s,file=" + written,
            List.of("-XX:StartFlightRecording:filename=" + startup + ",settings=" + settings + ",dumponexit=true"),
            "agent", "stream")) {
            Thread.sleep(1000);
            jfrStart = jvm.jcmd("JFR.start", "name=t");
            Thread.sleep(3000);
            jfrDump = jvm.jcmd("JFR.dump", "name=t", "filename=" + dumped);
            exitCode = jvm.exitNormally();
            stdout = jvm.process().stdout().all();
            agentLines = jvm.process().stderr().all().stream().filter(l -> l.startsWith("hotscope: ")).toList();
        }
        System.out.printf("in-process recordings: workload ran %d ms; %s %d bytes, %s %d bytes, %s %d bytes%n",
            (System.nanoTime() - began) / 1_000_000, startup.getFileName(), size(startup), dumped.getFileName(),
            size(dumped), written.getFileName(), size(written));
        System.out.println("agent: " + agentLines);
    }

    @Test
    void aRecordingStartedOnTheCommandLineHasThemAndThePeriodicHistograms() throws Exception {
        assertThat(exitCode).isZero();
        List<RecordedEvent> events = RecordingFile.readAllEvents(startup);
        System.out.println("-XX:StartFlightRecording: " + countsByType(events));
        assertAboutWorkloadThreads(events);
        List<Instant> histograms = sleeperHistograms(events);
        assertThat(histograms).as("histograms of the sleeper, each period of 1 s").hasSizeGreaterThanOrEqualTo(3);
        assertThat(Duration.between(histograms.get(0), histograms.get(histograms.size() - 1)))
            .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aRecordingStartedAndDumpedWithJcmdHasThem() throws Exception {
        assertThat(jfrStart.exitCode()).as(jfrStart.description()).isZero();
        assertThat(jfrDump.exitCode()).as(jfrDump.description()).isZero();
        List<RecordedEvent> events = RecordingFile.readAllEvents(dumped);
        System.out.println("jcmd JFR.start/JFR.dump: " + countsByType(events));
        assertAboutWorkloadThreads(events);
        // JFR.start's default period is 10 s, but JFR emits at the shortest period any recording asks for.
        assertThat(sleeperHistograms(events)).as("histograms of the sleeper in the 3 s dumped")
            .hasSizeGreaterThanOrEqualTo(2);
    }

    /** When the sleeper's histograms were emitted, each instant once. */
    private static List<Instant> sleeperHistograms(List<RecordedEvent> events) {
        return events.stream().filter(e -> e.getEventType().getName().equals("hotscope.LatencyHistogram"))
            .filter(e -> JfrWorkload.SLEEPER.equals(e.getString("threadName")))
            .map(RecordedEvent::getStartTime).distinct().sorted().toList();
    }

    @Test
    void aRecordingStreamInsideTheJvmGetsThem() {
        List<Matcher> lines = stdout.stream().map(STREAM_LINE::matcher).filter(Matcher::matches).toList();
        System.out.println("RecordingStream: " + lines.stream().collect(Collectors.groupingBy(m -> m.group(1),
            TreeMap::new, Collectors.counting())));
        assertThat(lines).as("STREAM lines of the workload").anySatisfy(m -> {
            assertThat(m.group(1)).isEqualTo("hotscope.SyscallLatency");
            assertThat(m.group(2)).isEqualTo(JfrWorkload.SLEEPER);
            assertThat(m.group(3)).startsWith("hotscope-");
        }).anySatisfy(m -> {
            assertThat(m.group(1)).isEqualTo("hotscope.LockWait");
            assertThat(m.group(2)).isEqualTo(JfrWorkload.WAITER);
            assertThat(m.group(5)).isEqualTo("futex");
        });
        assertThat(lines.stream().filter(m -> m.group(1).equals("hotscope.LatencyHistogram")
                && m.group(2).equals(JfrWorkload.SLEEPER)).map(m -> Long.parseLong(m.group(4))).distinct().count())
            .as("periodic histograms of the sleeper seen by the stream (period 1 s)").isGreaterThanOrEqualTo(2);
    }

    @Test
    void theJvmsExitStillWritesTheJdksChunksAndHotscopesChunk() throws Exception {
        assertThat(agentLines).anySatisfy(l -> assertThat(l).contains("JVM exit").contains("wrote " + written));
        RecordingParts parts = RecordingParts.of(written);
        assertThat(parts.chunkCount()).isGreaterThanOrEqualTo(2);
        Path jdkPart = parts.writeAllButLast(dir.resolve("exit-jdk.jfr"));
        Path hotscopePart = parts.writeLast(dir.resolve("exit-hotscope.jfr"));
        Map<String, Long> jdk = RecordingParts.countsByType(jdkPart);
        System.out.printf("written at exit: %d chunks; JDK part %d bytes %s; hotscope part %d bytes %s%n",
            parts.chunkCount(), size(jdkPart), RecordingParts.withPrefix(jdk, "hotscope."), size(hotscopePart),
            RecordingParts.countsByType(hotscopePart));
        assertThat(jdk).containsKeys("jdk.JVMInformation", "jdk.ThreadStart", "jdk.ExecutionSample");
        List<RecordedEvent> ours = RecordingFile.readAllEvents(hotscopePart);
        assertThat(ours).as("hotscope's chunk").isNotEmpty()
            .allMatch(e -> e.getEventType().getName().startsWith("hotscope."))
            .anyMatch(e -> e.getEventType().getName().equals("hotscope.AgentStatus"));
        assertThat(ours).as("syscalls of the sleeper on its own thread").anySatisfy(e -> {
            assertThat(e.getEventType().getName()).isEqualTo("hotscope.SyscallLatency");
            assertThat(e.getThread().getJavaName()).isEqualTo(JfrWorkload.SLEEPER);
            assertThat(e.getStackTrace()).isNotNull();
        });
        assertThat(RecordingFile.readAllEvents(written)).hasSize(
            RecordingFile.readAllEvents(jdkPart).size() + ours.size());
        assertThat(WrittenRecording.load(written).hasItems()).isTrue();
    }

    /**
     * JFR writes every running recording's events into the chunks all recordings share: with a
     * recording of the user's running, the agent's JDK part also holds hotscope's in-process copies
     * (on the agent's thread), beside the attributed ones of hotscope's chunk. JDK 19+ lets the agent
     * filter them out (tested on JDK 25 in session.InProcessCopiesTest); on JDK 17 it says so.
     */
    @Test
    void theAgentsFileHoldsEachHotscopeEventOnceWhileAnotherRecordingRuns() throws Exception {
        RecordingParts parts = RecordingParts.of(written);
        Path jdkPart = parts.writeAllButLast(dir.resolve("once-jdk.jfr"));
        Path hotscopePart = parts.writeLast(dir.resolve("once-hotscope.jfr"));
        if (Runtime.version().feature() >= 19) {
            assertThat(RecordingParts.countsByType(jdkPart).keySet()).as("types of the JDK's part")
                .doesNotContainAnyElementsOf(RecordingParts.countsByType(hotscopePart).keySet());
            return;
        }
        assertThat(agentLines).anyMatch(l -> l.contains("wrote " + written)
            && l.contains("in-process copies of hotscope's events on the agent's thread (JDK 17 cannot filter"));
        assertThat(RecordingFile.readAllEvents(jdkPart)).filteredOn(e -> e.getEventType().getName()
                .equals("hotscope.SyscallLatency"))
            .as("the copies are the in-process ones, on the agent's thread").isNotEmpty()
            .allSatisfy(e -> assertThat(e.getThread().getJavaName()).isEqualTo("hotscope-agent"));
    }

    /** SyscallLatency of the sleeper and LockWait of the waiter, committed by the agent's thread. */
    private static void assertAboutWorkloadThreads(List<RecordedEvent> events) {
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getEventType().getName()).isEqualTo("hotscope.SyscallLatency");
            assertThat(e.getThread("javaThread")).isNotNull().extracting(RecordedThread::getJavaName)
                .isEqualTo(JfrWorkload.SLEEPER);
        }).anySatisfy(e -> {
            assertThat(e.getEventType().getName()).isEqualTo("hotscope.LockWait");
            assertThat(e.getThread("javaThread")).isNotNull().extracting(RecordedThread::getJavaName)
                .isEqualTo(JfrWorkload.WAITER);
        });
        assertThat(events.stream().filter(e -> List.of("hotscope.SyscallLatency", "hotscope.LockWait")
                .contains(e.getEventType().getName()) && e.getThread("javaThread") != null))
            .as("events about a Java thread name it in threadName too")
            .allSatisfy(e -> {
                RecordedThread about = e.getThread("javaThread");
                assertThat(about.getJavaName()).isEqualTo(e.getString("threadName"));
                assertThat(e.getThread().getJavaName()).as("committed by the agent").startsWith("hotscope-");
            });
    }

    private static Map<String, Long> countsByType(List<RecordedEvent> events) {
        return events.stream().filter(e -> e.getEventType().getName().startsWith("hotscope."))
            .collect(Collectors.groupingBy(e -> e.getEventType().getName(), TreeMap::new, Collectors.counting()));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
