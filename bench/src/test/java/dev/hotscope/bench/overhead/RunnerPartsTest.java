package dev.hotscope.bench.overhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's parsing, statistics and report, without running anything. */
class RunnerPartsTest {

    @Test
    void wrkLineIsParsedAndErrorsAreSummed() {
        WrkResult r = WrkResult.parse("Running 3s test\nHOTSCOPE-BENCH requests=3000 duration_us=3000000 connect_errors=1"
            + " read_errors=2 write_errors=0 timeouts=3 non2xx=4 p50_us=1500.0 p90_us=2000.0 p99_us=9000.5"
            + " p999_us=12000.0 max_us=15000.0 mean_us=1600.0\n");
        assertThat(r.throughput()).isEqualTo(1000.0);
        assertThat(r.errors()).isEqualTo(10);
        assertThat(r.p99()).isEqualTo(9000.5);
        assertThat(r.p999()).isEqualTo(12000.0);
        assertThatThrownBy(() -> WrkResult.parse("Running 3s test\n")).hasMessageContaining("HOTSCOPE-BENCH");
    }

    @Test
    void spreadIsMedianMinMaxAndSkipsNaN() {
        Spread s = Spread.of(List.of(3.0, 1.0, Double.NaN, 2.0, 10.0));
        assertThat(s.median()).isEqualTo(2.5);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(10.0);
        assertThat(Spread.of(List.of()).isEmpty()).isTrue();
    }

    @Test
    void orderRotatesEachRound() {
        List<Config> all = List.of(Config.NONE, Config.JFR, Config.HOTSCOPE);
        assertThat(OverheadBench.rotated(all, 0)).containsExactly(Config.NONE, Config.JFR, Config.HOTSCOPE);
        assertThat(OverheadBench.rotated(all, 1)).containsExactly(Config.JFR, Config.HOTSCOPE, Config.NONE);
        assertThat(OverheadBench.rotated(all, 3)).isEqualTo(all);
    }

    @Test
    void ratiosArePairedByRoundAndTheSummaryLineHasTheIssuesShape() {
        List<RunResult> runs = List.of(
            run(Config.NONE, 1, 1000, 100), run(Config.HOTSCOPE, 1, 990, 101),
            run(Config.NONE, 2, 500, 200), run(Config.HOTSCOPE, 2, 490, 206),
            run(Config.NONE, 3, 800, 150), run(Config.HOTSCOPE, 3, 800, 150));
        Report report = new Report(List.of(Config.NONE, Config.HOTSCOPE), runs, Map.of());
        // per round 0.99, 0.98, 1.00 -> 0.99, whatever the rounds' absolute levels
        assertThat(report.paired(Config.HOTSCOPE, r -> r.wrk().throughput()).median()).isCloseTo(0.99, within());
        assertThat(report.paired(Config.HOTSCOPE, r -> r.wrk().p99()).median()).isCloseTo(1.01, within());
        assertThat(report.summaryLine()).isEqualTo("hotscope default: throughput -1.0%, p99 +1.0%");
        assertThat(report.tables()).contains("| hotscope, default events | 0.990 (0.980–1.000) |");
        assertThat(report.verdict().get(0)).contains("met (throughput -1.0%, p99 +1.0%)");
    }

    @Test
    void optionsSayWhatIsWrong() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rounds", "0"}))
            .hasMessage("--rounds takes a whole number above 0, not '0'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--configs", "jfr,yourkit"}))
            .hasMessageStartingWith("unknown configuration 'yourkit': accepted are none, jfr, async-profiler, hotscope");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rounds"})).hasMessageContaining("needs a value");
        assertThat(BenchOptions.parse(new String[] {"--configs", "hotscope-worst"}).configs())
            .containsExactly(Config.NONE, Config.HOTSCOPE_WORST);
        BenchOptions quick = BenchOptions.parse(new String[] {"--quick", "--duration", "4"});
        assertThat(quick.rounds()).isEqualTo(1);
        assertThat(quick.durationSeconds()).isEqualTo(4);
        assertThat(quick.configs()).containsExactly(Config.NONE, Config.HOTSCOPE);
    }

    @Test
    void worstCaseAsksForEveryEventAtZeroAndTheMonitorProbes() {
        Tools tools = new Tools(Path.of("java"), "cp", Path.of("wrk"), Path.of("/x/hotscope.jar"), Path.of("/x/libap.so"));
        List<String> args = Config.HOTSCOPE_WORST.jvmArgs(tools, Path.of("/r/w.jfr"));
        assertThat(args).containsExactly("-XX:+DTraceMonitorProbes", "-javaagent:/x/hotscope.jar=syscall=0ns,gc,lock=0ns,"
            + "offcpu=0ns,runq=0ns,probe=dev.hotscope.bench.service.Endpoints#serve,span=0ns,file=/r/w.jfr");
        assertThat(Config.HOTSCOPE.jvmArgs(tools, Path.of("/r/h.jfr"))).containsExactly("-javaagent:/x/hotscope.jar=file=/r/h.jfr");
        assertThat(Config.ASYNC_PROFILER.jvmArgs(tools, Path.of("/r/a.jfr")))
            .containsExactly("-agentpath:/x/libap.so=start,event=cpu,jfr,file=/r/a.jfr");
        assertThat(Config.NONE.jvmArgs(tools, Path.of("/r/n.jfr"))).isEmpty();
    }

    @Test
    void docsSectionIsReplacedBetweenTheMarkersOnly(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("P.md");
        Files.writeString(doc, "# P\nbefore\n" + OverheadBench.DOCS_START + "\nold table\n" + OverheadBench.DOCS_END + "\nafter\n");
        OverheadBench.replaceSection(doc, "new table\n");
        assertThat(Files.readString(doc)).isEqualTo("# P\nbefore\n" + OverheadBench.DOCS_START + "\nnew table\n"
            + OverheadBench.DOCS_END + "\nafter\n");
        Path bare = dir.resolve("bare.md");
        Files.writeString(bare, "no markers\n");
        assertThatThrownBy(() -> OverheadBench.replaceSection(bare, "x")).hasMessageContaining("<!-- overhead:start -->");
    }

    private static RunResult run(Config c, int round, long requests, double p99) {
        WrkResult w = new WrkResult(requests, 1.0, 0, p99 / 2, p99, p99 * 1.5, p99 * 2);
        return new RunResult(c, round, w, 0.9, 0.01, 0.0, 1.0, 400_000, 410_000, c.isHotscope() ? 10 : -1,
            c.isHotscope() ? 0 : -1);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
