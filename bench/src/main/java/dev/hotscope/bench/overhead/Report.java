package dev.hotscope.bench.overhead;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns the runs into the tables: each configuration's figures as ratios to the no-agent run of
 * the same round (paired, so that drift of the machine between rounds cancels), their median and
 * range over the rounds, the absolute medians, and the one-line summary.
 */
final class Report {
    private final List<Config> configs;
    private final List<RunResult> runs;
    private final Map<Config, List<String>> failures;

    Report(List<Config> configs, List<RunResult> runs, Map<Config, List<String>> failures) {
        this.configs = configs;
        this.runs = runs;
        this.failures = failures;
    }

    /** The ratio table and the absolute one, in markdown. */
    String tables() {
        StringBuilder s = new StringBuilder();
        s.append("Ratios to the no-agent runs of the same rounds, median (min–max over the rounds); for `none`,"
            + " each round against the median of all: the noise. Throughput higher is better, the rest lower.\n\n");
        s.append("| configuration | throughput | p50 | p99 | p99.9 | JVM CPU / request | observer threads' CPU"
            + " | RSS vs none, end (peak) | hotscope events (lost) |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Config c : configs) {
            List<RunResult> mine = of(c);
            if (mine.isEmpty()) {
                s.append("| ").append(c.label()).append(" | failed: ").append(String.join("; ", failures.getOrDefault(c, List.of())))
                    .append(" |||||||| \n");
                continue;
            }
            s.append("| ").append(c.label())
                .append(" | ").append(ratioCell(c, r -> r.wrk().throughput()))
                .append(" | ").append(ratioCell(c, r -> r.wrk().p50()))
                .append(" | ").append(ratioCell(c, r -> r.wrk().p99()))
                .append(" | ").append(ratioCell(c, r -> r.wrk().p999()))
                .append(" | ").append(ratioCell(c, RunResult::cpuMicrosPerRequest))
                .append(" | ").append(percentOfOneCpu(median(mine, r -> r.toolCpuSeconds() / r.windowSeconds())))
                .append(" | ").append(rssCell(c))
                .append(" | ").append(c.isHotscope() ? eventsCell(mine) : "")
                .append(" |\n");
        }
        s.append("\nMedians, absolute (latencies from wrk, closed loop; CPU from /proc; \"other load\": CPU the rest of"
            + " the machine used during the window, neither the JVM nor wrk):\n\n");
        s.append("| configuration | runs | requests/s | p50 µs | p99 µs | p99.9 µs | max µs | JVM CPU | CPU µs/request"
            + " | RSS MiB (peak) | other load | errors |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Config c : configs) {
            List<RunResult> mine = of(c);
            if (mine.isEmpty()) {
                continue;
            }
            s.append(String.format(Locale.ROOT, "| %s | %d%s | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %.1f | %.0f (%.0f) | %s | %.0f |%n",
                c.id(), mine.size(), failures.containsKey(c) ? " (+" + failures.get(c).size() + " failed)" : "",
                median(mine, r -> r.wrk().throughput()), median(mine, r -> r.wrk().p50()),
                median(mine, r -> r.wrk().p99()), median(mine, r -> r.wrk().p999()), median(mine, r -> r.wrk().max()),
                percentOfOneCpu(median(mine, r -> r.jvmCpuSeconds() / r.windowSeconds())),
                median(mine, RunResult::cpuMicrosPerRequest),
                median(mine, r -> r.rssKiB() / 1024.0), median(mine, r -> r.hwmKiB() / 1024.0),
                percentOfOneCpu(median(mine, r -> r.otherCpuSeconds() / r.windowSeconds())),
                median(mine, r -> (double) r.wrk().errors())));
        }
        return s.toString();
    }

    /** Lines on the targets, for the report and stdout. */
    List<String> verdict() {
        List<String> lines = new ArrayList<>();
        Spread tput = paired(Config.HOTSCOPE, r -> r.wrk().throughput());
        Spread p99 = paired(Config.HOTSCOPE, r -> r.wrk().p99());
        if (tput.isEmpty()) {
            return lines;
        }
        Spread jfrTput = paired(Config.JFR, r -> r.wrk().throughput());
        Spread jfrP99 = paired(Config.JFR, r -> r.wrk().p99());
        boolean met = tput.median() >= 0.99 && p99.median() <= 1.02;
        lines.add(String.format(Locale.ROOT, "target (hotscope default: at most 1%% throughput loss and 2%% added p99): %s"
            + " (throughput %s, p99 %s)", met ? "met" : "NOT met", pct(tput.median()), pct(p99.median())));
        if (!jfrTput.isEmpty()) {
            boolean underJfr = tput.median() >= jfrTput.median() && p99.median() <= jfrP99.median();
            lines.add(String.format(Locale.ROOT, "against JFR default in the same rounds (throughput %s, p99 %s): hotscope is %s",
                pct(jfrTput.median()), pct(jfrP99.median()), underJfr ? "at or under it" : "above it on at least one"));
        }
        return lines;
    }

    /** The command's last line: {@code hotscope default: throughput -X.X%, p99 +Y.Y%}. */
    String summaryLine() {
        Spread tput = paired(Config.HOTSCOPE, r -> r.wrk().throughput());
        Spread p99 = paired(Config.HOTSCOPE, r -> r.wrk().p99());
        if (tput.isEmpty() || p99.isEmpty()) {
            return "hotscope default: not measured (" + (configs.contains(Config.HOTSCOPE) && configs.contains(Config.NONE)
                ? "its runs failed" : "run it with the none and hotscope configurations") + ")";
        }
        return "hotscope default: throughput " + pct(tput.median()) + ", p99 " + pct(p99.median());
    }

    /** Per-run rows, for a CSV next to the report. */
    String csv() {
        StringBuilder s = new StringBuilder("round,config,requests,seconds,rps,p50_us,p99_us,p999_us,max_us,errors,"
            + "jvm_cpu_s,tool_cpu_s,other_cpu_s,window_s,rss_kib,hwm_kib,events,lost\n");
        for (RunResult r : runs) {
            WrkResult w = r.wrk();
            s.append(String.format(Locale.ROOT, "%d,%s,%d,%.3f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%.2f,%.2f,%.2f,%.2f,%d,%d,%d,%d%n",
                r.round(), r.config().id(), w.requests(), w.seconds(), w.throughput(), w.p50(), w.p99(), w.p999(), w.max(),
                w.errors(), r.jvmCpuSeconds(), r.toolCpuSeconds(), r.otherCpuSeconds(), r.windowSeconds(), r.rssKiB(),
                r.hwmKiB(), r.events(), r.lost()));
        }
        return s.toString();
    }

    /** Ratio of each round's value to the no-agent run of that round; for none itself, to none's median. */
    Spread paired(Config c, ToDoubleFunction<RunResult> metric) {
        Map<Integer, RunResult> base = new LinkedHashMap<>();
        for (RunResult r : of(Config.NONE)) {
            base.put(r.round(), r);
        }
        List<Double> ratios = new ArrayList<>();
        if (c == Config.NONE) {
            double m = median(of(Config.NONE), metric);
            for (RunResult r : of(Config.NONE)) {
                ratios.add(metric.applyAsDouble(r) / m);
            }
        } else {
            for (RunResult r : of(c)) {
                RunResult b = base.get(r.round());
                if (b != null) {
                    ratios.add(metric.applyAsDouble(r) / metric.applyAsDouble(b));
                }
            }
        }
        return Spread.of(ratios);
    }

    private String ratioCell(Config c, ToDoubleFunction<RunResult> metric) {
        Spread s = paired(c, metric);
        if (s.isEmpty()) {
            return "n/a";
        }
        return s.count() == 1 ? String.format(Locale.ROOT, "%.3f", s.median())
            : String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", s.median(), s.min(), s.max());
    }

    private String rssCell(Config c) {
        if (c == Config.NONE) {
            return String.format(Locale.ROOT, "%.0f MiB (%.0f)", median(of(c), r -> r.rssKiB() / 1024.0),
                median(of(c), r -> r.hwmKiB() / 1024.0));
        }
        List<RunResult> none = of(Config.NONE);
        if (none.isEmpty()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%+.0f MiB (%+.0f)",
            median(of(c), r -> r.rssKiB() / 1024.0) - median(none, r -> r.rssKiB() / 1024.0),
            median(of(c), r -> r.hwmKiB() / 1024.0) - median(none, r -> r.hwmKiB() / 1024.0));
    }

    private static String eventsCell(List<RunResult> mine) {
        double events = median(mine, r -> r.events() < 0 ? Double.NaN : r.events());
        double lost = median(mine, r -> r.lost() < 0 ? Double.NaN : r.lost());
        return (Double.isNaN(events) ? "?" : String.format(Locale.ROOT, "%.0f", events))
            + " (" + (Double.isNaN(lost) ? "?" : String.format(Locale.ROOT, "%.0f", lost)) + ")";
    }

    private List<RunResult> of(Config c) {
        List<RunResult> mine = new ArrayList<>();
        for (RunResult r : runs) {
            if (r.config() == c) {
                mine.add(r);
            }
        }
        return mine;
    }

    private static double median(List<RunResult> runs, ToDoubleFunction<RunResult> metric) {
        List<Double> v = new ArrayList<>();
        runs.forEach(r -> v.add(metric.applyAsDouble(r)));
        return Spread.of(v).median();
    }

    private static String percentOfOneCpu(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    /** A ratio as a change: 0.987 is {@code -1.3%}. */
    static String pct(double ratio) {
        return String.format(Locale.ROOT, "%+.1f%%", 100 * (ratio - 1));
    }
}
