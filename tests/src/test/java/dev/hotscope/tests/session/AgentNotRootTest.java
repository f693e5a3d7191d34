package dev.hotscope.tests.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.TracingAssumptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run as user nobody: one line says the BPF features are off; method probes and JFR events still work. */
class AgentNotRootTest {
    private static final String NOBODY = "65534";

    @Test
    void withoutPrivilegesTheAppRunsAndProbesStillWork(@TempDir Path dir) throws Exception {
        TracingAssumptions.requireRoot();
        Path setpriv = TracingAssumptions.requireTool("setpriv", "install util-linux");
        Path jar = dir.resolve("hotscope.jar");
        Files.copy(AgentRun.DIST_JAR, jar, StandardCopyOption.REPLACE_EXISTING);
        Path classes = copyWorkloadClasses(dir.resolve("classes"));
        Path out = Files.createDirectories(dir.resolve("out"));
        openToAll(dir);
        Path file = out.resolve("nobody.jfr");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
            "--inh-caps=-all", java, "-Djava.io.tmpdir=/tmp",
            "-javaagent:" + jar + "=probe=dev.hotscope.tests.session.AgentWorkload#pause,span=10ms,duration=2s,file=" + file,
            "-cp", classes.toString(), AgentWorkload.class.getName(), "3", "sleep");
        try (ChildProcess child = ChildProcess.start("nobody", command, Map.of())) {
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.describe()).isZero();
            assertThat(child.stdout().all()).contains("DONE");
            assertThat(child.stderr().all()).filteredOn(l -> l.startsWith("hotscope: BPF features off"))
                .singleElement().asString()
                .contains("syscall, gc, lock, offcpu, runq").contains("not root")
                .endsWith("dynamic USDT, method probes and JFR events still work");
        }
        List<RecordedEvent> events = AgentRun.events(file);
        assertThat(AgentRun.ofType(events, "hotscope.MethodSpan")).isNotEmpty();
        assertThat(AgentRun.ofType(events, "hotscope.AgentStatus"))
            .anyMatch(e -> e.getString("feature").equals("lock") && e.getString("state").equals("off"))
            .anyMatch(e -> e.getString("feature").equals("probe") && e.getString("state").equals("on"));
    }

    private static Path copyWorkloadClasses(Path to) throws IOException {
        Path from = AgentRun.testClasses();
        Path pkg = Path.of("dev", "hotscope", "tests", "session");
        Files.createDirectories(to.resolve(pkg));
        try (var files = Files.list(from.resolve(pkg))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().startsWith("AgentWorkload")) {
                    Files.copy(f, to.resolve(pkg).resolve(f.getFileName()));
                }
            }
        }
        return to;
    }

    private static void openToAll(Path dir) throws IOException {
        try (var all = Files.walk(dir)) {
            all.forEach(p -> {
                p.toFile().setReadable(true, false);
                p.toFile().setWritable(true, false);
                if (Files.isDirectory(p)) {
                    p.toFile().setExecutable(true, false);
                }
            });
        }
    }
}
