package dev.hotscope.bench.overhead;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner end to end, as CI can afford it: one round of the service with no agent and with
 * hotscope (3 s of warm-up, 3 s measured), real wrk, real BPF. It checks that the runs happened and
 * were read, not how fast they were.
 */
class OverheadSmokeTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void quickRunMeasuresBothConfigurationsAndEndsWithTheSummaryLine(@TempDir Path results) throws Exception {
        requireRootAndWrk();
        Path agent = ROOT.resolve("dist/hotscope.jar");
        assertThat(agent).as("the reactor builds javaagent (and dist/hotscope.jar) before bench").isRegularFile();

        BenchOptions o = BenchOptions.parse(new String[] {"--quick", "--root", ROOT.toString(),
            "--results", results.toString(), "--service-cp", serviceClassPath(), "--warmup", "2", "--duration", "3"});
        assertThat(OverheadBench.run(o)).as("exit code (0: every run measured)").isZero();

        Path report;
        try (Stream<Path> files = Files.list(results)) {
            report = files.filter(p -> p.getFileName().toString().endsWith(".md")).findFirst().orElseThrow();
        }
        String md = Files.readString(report);
        assertThat(md).contains("| no agent | 1.000 |", "| hotscope, default events | ")
            .containsPattern("`hotscope default: throughput [+-]\\d+\\.\\d%, p99 [+-]\\d+\\.\\d%`");

        Path csv;
        try (Stream<Path> dirs = Files.list(results)) {
            csv = dirs.filter(Files::isDirectory).findFirst().orElseThrow().resolve("runs.csv");
        }
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(3);
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            assertThat(Long.parseLong(f[2])).as("requests in %s", row).isPositive();
            assertThat(Long.parseLong(f[9])).as("wrk errors in %s", row).isZero();
            assertThat(Double.parseDouble(f[10])).as("JVM CPU seconds in %s", row).isPositive();
            assertThat(Long.parseLong(f[14])).as("RSS KiB in %s", row).isPositive();
            if (f[1].equals("hotscope")) {
                assertThat(Long.parseLong(f[16])).as("the agent said how many events it wrote: %s", row).isNotNegative();
                assertThat(Double.parseDouble(f[11])).as("the agent's thread used CPU: %s", row).isPositive();
            }
        }
    }

    /** The service's own classes and Jetty from the test class path (the shaded jar is made after the tests). */
    private static String serviceClassPath() {
        List<String> keep = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (e.endsWith(File.separator + "target" + File.separator + "classes") || name.startsWith("jetty-")
                    || name.startsWith("slf4j-api")) {
                keep.add(e);
            }
        }
        return keep.stream().collect(Collectors.joining(File.pathSeparator));
    }

    private static void requireRootAndWrk() throws Exception {
        String why = null;
        if (!"0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).strip())) {
            why = "not root: the bench's hotscope run needs BPF (run as root)";
        } else if (Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .noneMatch(d -> Files.isExecutable(Path.of(d, "wrk")))) {
            why = "wrk is not installed: apt-get install wrk (bin/setup installs it)";
        }
        if (why != null) {
            if (Boolean.getBoolean("hotscope.requireBpf")) {
                Assertions.fail(why + " (failing instead of skipping: hotscope.requireBpf=true)");
            }
            Assumptions.abort(why);
        }
    }
}
