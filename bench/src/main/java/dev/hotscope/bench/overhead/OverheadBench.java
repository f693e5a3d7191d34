package dev.hotscope.bench.overhead;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The overhead bench: every configuration in every round, in an order that rotates each round,
 * then the report ({@code bench/results/overhead-STAMP.md}, the per-run CSV beside it, optionally
 * the section of docs/PERFORMANCE.md) and, last on stdout, {@code hotscope default: throughput
 * -X.X%, p99 +Y.Y%}. {@code bench/run-overhead.sh} calls it; {@code --help} lists the options.
 */
public final class OverheadBench {
    static final String DOCS_START = "<!-- overhead:start -->";
    static final String DOCS_END = "<!-- overhead:end -->";

    private OverheadBench() {}

    /**
     * Runs the bench.
     *
     * @param args see {@link BenchOptions#USAGE}
     * @throws Exception never on purpose: a bad argument or a failed run prints one line and exits non-zero
     */
    public static void main(String[] args) throws Exception {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("overhead bench: " + e.getMessage());
            System.exit(64);
            return;
        }
        if (o.help()) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        try {
            System.exit(run(o));
        } catch (IOException | IllegalStateException e) {
            System.err.println("overhead bench: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Runs the bench with parsed options and writes its report.
     *
     * @return 0, or 1 when a run failed (the report says which)
     * @throws IOException when the results cannot be written or a tool is missing
     */
    static int run(BenchOptions o) throws IOException, InterruptedException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path results = o.results().resolve("overhead-" + stamp);
        Files.createDirectories(results);
        Tools tools = o.tools(results);
        Path lua = results.resolve("mix.lua");
        try (InputStream in = OverheadBench.class.getResourceAsStream("mix.lua")) {
            Files.write(lua, in.readAllBytes());
        }
        RunSettings settings = o.settings(results);
        Machine machine = Machine.describe(tools);
        log("machine: " + machine.oneLine());
        log(String.format(Locale.ROOT, "%d round(s) x %d configuration(s) x (%d s warm-up + %d s measured); results in %s",
            o.rounds(), o.configs().size(), o.warmupSeconds(), o.durationSeconds(), results));
        ServiceRun runner = new ServiceRun(tools, settings, lua);
        List<RunResult> runs = new ArrayList<>();
        Map<Config, List<String>> failures = new LinkedHashMap<>();
        long started = System.nanoTime();
        String loadBefore = Machine.loadAverage();
        for (int round = 1; round <= o.rounds(); round++) {
            for (Config c : rotated(o.configs(), round - 1)) {
                try {
                    RunResult r = runner.execute(c, round);
                    runs.add(r);
                    log(progress(r, o.rounds()));
                } catch (IOException e) {
                    failures.computeIfAbsent(c, k -> new ArrayList<>()).add("round " + round + ": " + e.getMessage());
                    log(String.format(Locale.ROOT, "[%d/%d] %-15s FAILED: %s", round, o.rounds(), c.id(), e.getMessage()));
                }
            }
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        Report report = new Report(o.configs(), runs, failures);
        String section = section(o, machine, report, minutes, loadBefore, Machine.loadAverage());
        Path md = o.results().resolve("overhead-" + stamp + ".md");
        Files.writeString(md, "# hotscope overhead bench, " + stamp + "\n\n" + section);
        Files.writeString(results.resolve("runs.csv"), report.csv());
        if (o.docs() != null) {
            replaceSection(o.docs(), section);
            log("wrote the table into " + o.docs());
        }
        System.out.println();
        System.out.print(report.tables());
        System.out.println();
        failures.forEach((c, why) -> why.forEach(w -> System.out.println("failed: " + c.id() + " " + w)));
        report.verdict().forEach(System.out::println);
        System.out.println("report: " + md + " (per-run figures: " + results.resolve("runs.csv") + ")");
        System.out.println(report.summaryLine());
        return failures.isEmpty() ? 0 : 1;
    }

    /** The configurations in round-robin order, starting one further each round, so none always follows the same. */
    static List<Config> rotated(List<Config> configs, int by) {
        List<Config> order = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            order.add(configs.get((i + by) % configs.size()));
        }
        return order;
    }

    private static String section(BenchOptions o, Machine m, Report report, double minutes, String loadBefore,
            String loadAfter) {
        StringBuilder s = new StringBuilder();
        if (o.note() != null) {
            s.append("**").append(o.note()).append("**\n\n");
        }
        s.append(String.format(Locale.ROOT, "`%s`, %s, %.0f min in all.%n%n", o.commandLine(),
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")), minutes));
        s.append("- machine: ").append(m.oneLine()).append('\n');
        s.append("- load average before / after: ").append(loadBefore).append(" / ").append(loadAfter).append('\n');
        s.append(String.format(Locale.ROOT, "- %d round(s); in each, every configuration once in a fresh JVM, the order"
            + " rotated by one each round; per run %d s of load discarded (warm-up, after the tool said it started),"
            + " then %d s measured%n", o.rounds(), o.warmupSeconds(), o.durationSeconds()));
        s.append(String.format(Locale.ROOT, "- load: wrk, %d thread(s), %d connections, closed loop, requests rotating"
            + " over `/io` `/lock` `/alloc`; service JVM `%s`, Jetty pool of %d threads%n", o.wrkThreads(), o.connections(),
            String.join(" ", o.settings(o.results()).baseJvmArgs()), o.serviceThreads()));
        s.append("- CPUs: ").append(o.serviceCpus() == null ? "not pinned"
            : "service pinned to CPU " + o.serviceCpus() + ", wrk to CPU " + o.wrkCpus()).append('\n');
        s.append("- configurations: ");
        for (Config c : o.configs()) {
            s.append(c == o.configs().get(0) ? "" : "; ").append('`').append(c.id()).append("` ")
                .append(c.isHotscope() ? "`-javaagent:dist/hotscope.jar" + (c.agentOptions().isEmpty() ? "` (no options)"
                    : "=" + c.agentOptions() + "`")
                    + (c == Config.HOTSCOPE_WORST ? " with `-XX:+DTraceMonitorProbes`" : "") : c.label());
        }
        s.append("\n\n").append(report.tables()).append('\n');
        for (String line : report.verdict()) {
            s.append("- ").append(line).append('\n');
        }
        s.append("\n`").append(report.summaryLine()).append("`\n");
        return s.toString();
    }

    /**
     * Replaces what lies between the markers of a file with a section.
     *
     * @throws IOException when the file lacks the markers (one line says which)
     */
    static void replaceSection(Path file, String section) throws IOException {
        String text = Files.readString(file);
        int a = text.indexOf(DOCS_START);
        int b = text.indexOf(DOCS_END);
        if (a < 0 || b < a) {
            throw new IOException(file + " has no " + DOCS_START + " ... " + DOCS_END + " section to replace");
        }
        Files.writeString(file, text.substring(0, a + DOCS_START.length()) + "\n" + section + text.substring(b));
    }

    private static String progress(RunResult r, int rounds) {
        String tool = r.config().isHotscope()
            ? String.format(Locale.ROOT, ", %d events, %d lost", r.events(), r.lost()) : "";
        return String.format(Locale.ROOT, "[%d/%d] %-15s %8.0f req/s  p50 %6.0f  p99 %7.0f  p99.9 %7.0f us  JVM CPU %.0f%%"
            + "  observers %.1f%%  RSS %d MiB  other load %.0f%%%s",
            r.round(), rounds, r.config().id(), r.wrk().throughput(), r.wrk().p50(), r.wrk().p99(), r.wrk().p999(),
            100 * r.jvmCpuSeconds() / r.windowSeconds(), 100 * r.toolCpuSeconds() / r.windowSeconds(),
            r.rssKiB() / 1024, 100 * r.otherCpuSeconds() / r.windowSeconds(), tool);
    }

    private static void log(String line) {
        System.err.println("overhead: " + line);
    }
}
