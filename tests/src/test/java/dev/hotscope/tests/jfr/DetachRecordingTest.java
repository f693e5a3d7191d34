package dev.hotscope.tests.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.JavaLaunchers;
import dev.hotscope.tests.support.TracingAssumptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/hotscope attach}, then {@code detach}: the file then written has the JDK's part and hotscope's chunk. */
class DetachRecordingTest {
    @Test
    void detachWritesBothParts(@TempDir Path dir) throws Exception {
        TracingAssumptions.requireRoot();
        Path file = dir.resolve("attached.jfr");
        long began = System.nanoTime();
        try (AgentJvm jvm = AgentJvm.start(null, List.of())) {
            List<String> attached = cli("attach", Long.toString(jvm.pid()), "syscall=20ms,lock=5ms,file=" + file);
            assertThat(attached).anyMatch(l -> l.contains("running: "));
            Thread.sleep(2000);
            List<String> detached = cli("detach", Long.toString(jvm.pid()));
            assertThat(detached).anyMatch(l -> l.contains("detached") && l.contains("wrote " + file));
            assertThat(jvm.process().isAlive()).isTrue();
        }
        RecordingParts parts = RecordingParts.of(file);
        Path jdkPart = parts.writeAllButLast(dir.resolve("jdk.jfr"));
        Path hotscopePart = parts.writeLast(dir.resolve("hotscope.jfr"));
        Map<String, Long> jdk = RecordingParts.countsByType(jdkPart);
        System.out.printf("detach: %d ms; %s %d bytes, %d chunks; hotscope's chunk %s%n",
            (System.nanoTime() - began) / 1_000_000, file.getFileName(), Files.size(file), parts.chunkCount(),
            RecordingParts.countsByType(hotscopePart));
        assertThat(parts.chunkCount()).isGreaterThanOrEqualTo(2);
        assertThat(jdk).containsKey("jdk.JVMInformation");
        List<RecordedEvent> ours = RecordingFile.readAllEvents(hotscopePart);
        assertThat(ours).anyMatch(e -> e.getEventType().getName().equals("hotscope.AgentStatus")).anySatisfy(e -> {
            assertThat(e.getEventType().getName()).isEqualTo("hotscope.SyscallLatency");
            assertThat(e.getThread().getJavaName()).isEqualTo(JfrWorkload.SLEEPER);
        }).anySatisfy(e -> {
            assertThat(e.getEventType().getName()).isEqualTo("hotscope.LockWait");
            assertThat(e.getThread().getJavaName()).isEqualTo(JfrWorkload.WAITER);
        });
        assertThat(WrittenRecording.load(file).hasItems()).isTrue();
    }

    /** {@code java -jar dist/hotscope.jar ARGS}: exit code 0; stdout and stderr lines. */
    private static List<String> cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JavaLaunchers.current().toString(), "-jar",
            AgentJvm.DIST_JAR.toString()));
        command.addAll(List.of(args));
        try (ChildProcess child = ChildProcess.start("hotscope", command, Map.of())) {
            child.process().getOutputStream().close();
            int exit = child.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as(child.describe()).isZero();
            List<String> lines = new ArrayList<>(child.stdout().all());
            lines.addAll(child.stderr().all());
            return lines;
        }
    }
}
