package dev.hotscope.tests.usdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.TracingAssumptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declaring, loading and firing probes needs no privileges: the same JVM run as user nobody. */
class UnprivilegedUserTest {
    private static final String NOBODY = "65534";

    @TempDir
    Path dir;

    @Test
    void nobodyCanDeclareLoadFireAndCloseProbes() throws Exception {
        TracingAssumptions.requireRoot();
        Path setpriv = TracingAssumptions.requireTool("setpriv", "install util-linux");
        String classPath = copyClassPathWhereNobodyCanRead();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
            "--inh-caps=-all", java, "-Djava.io.tmpdir=/tmp", "-cp", classPath, UnprivilegedProbes.class.getName());
        try (ChildProcess child = ChildProcess.start("unprivileged", command, Map.of())) {
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.describe()).isZero();
            String line = child.stdout().all().stream().filter(l -> l.startsWith("OK") || l.startsWith("FAILED"))
                .findFirst().orElseThrow(() -> new AssertionError(child.describe()));
            assertThat(line).startsWith("OK /tmp/hotscope-usdt-").endsWith(" " + NOBODY);
        }
    }

    /** Root's Maven repository is not readable by nobody: copy the class path into a 0755 directory. */
    private String copyClassPathWhereNobodyCanRead() throws IOException {
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = dir.resolve("cp" + i++ + (Files.isDirectory(source) ? "" : ".jar"));
            copy(source, target);
            entries.add(target.toString());
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.forEach(p -> {
                p.toFile().setReadable(true, false);
                if (Files.isDirectory(p)) {
                    p.toFile().setExecutable(true, false);
                }
            });
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copy(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
