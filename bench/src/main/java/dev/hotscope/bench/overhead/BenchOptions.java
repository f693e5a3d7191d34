package dev.hotscope.bench.overhead;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The runner's command line. Every value has a default; {@code --quick} changes the defaults to a
 * smoke run (1 round of none and hotscope, 3 s + 3 s), and options after it still apply.
 */
record BenchOptions(int rounds, int warmupSeconds, int durationSeconds, int connections, int wrkThreads,
                    List<Config> configs, String serviceCpus, String wrkCpus, int serviceThreads, String heap,
                    boolean keepRecordings, Path root, Path results, Path docs, String note, Path java,
                    String serviceClassPath, Path wrk, String commandLine, boolean help) {

    static final String USAGE = String.join("\n",
        "usage: OverheadBench [options]   (as root: hotscope's BPF features; run by bench/run-overhead.sh)",
        "  --rounds N            rounds; each runs every configuration once in a fresh JVM (5)",
        "  --warmup S            seconds of load discarded before each measurement (15)",
        "  --duration S          seconds measured per run (20)",
        "  --connections N       wrk connections (16)       --wrk-threads N   wrk threads (1)",
        "  --configs A,B,...     of " + Config.ids() + " (all; none is added when missing)",
        "  --service-cpus LIST   taskset CPUs of the service (1 on a machine with 2+ CPUs)",
        "  --wrk-cpus LIST       taskset CPUs of wrk (0)    --no-pin   no taskset at all",
        "  --service-threads N   Jetty's pool (32)         --heap SIZE   the service's -Xms/-Xmx (512m)",
        "  --quick               1 round of none and hotscope, 3 s warm-up, 3 s measured: a smoke run",
        "  --root DIR            the hotscope checkout (.): dist/hotscope.jar, bench/target/overhead-service.jar",
        "  --results DIR         where reports and run logs go (ROOT/bench/results)",
        "  --docs FILE           also replace the section between <!-- overhead:start --> and <!-- overhead:end -->",
        "  --note TEXT           a line printed above the table (e.g. provisional, why)",
        "  --java PATH           the service's java (this JVM's)   --wrk PATH   wrk (from PATH)",
        "  --service-cp CP       the service's class path (ROOT/bench/target/overhead-service.jar)",
        "  --keep-recordings     keep the tools' .jfr files in the run directories",
        "  --command TEXT        how the report names the program that ran it (the options follow)");

    /**
     * Parses the command line.
     *
     * @throws IllegalArgumentException one line naming the bad option and what is accepted
     */
    static BenchOptions parse(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        int rounds = quick ? 1 : 5;
        int warmup = quick ? 3 : 15;
        int duration = quick ? 3 : 20;
        int connections = 16;
        int wrkThreads = 1;
        List<Config> configs = quick ? List.of(Config.NONE, Config.HOTSCOPE) : List.of(Config.values());
        boolean pin = Runtime.getRuntime().availableProcessors() >= 2;
        String serviceCpus = "1";
        String wrkCpus = "0";
        int serviceThreads = 32;
        String heap = "512m";
        boolean keep = false;
        Path root = Path.of("").toAbsolutePath();
        Path results = null;
        Path docs = null;
        String note = null;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String serviceCp = null;
        Path wrk = null;
        String command = "java -cp bench/target/benchmarks.jar " + OverheadBench.class.getName();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--quick": continue;
                case "--no-pin": pin = false; continue;
                case "--keep-recordings": keep = true; continue;
                case "-h": case "--help": help = true; continue;
                default: break;
            }
            if (v == null) {
                throw new IllegalArgumentException(a.startsWith("--") && USAGE.contains(a + " ")
                    ? a + " needs a value (see --help)" : "unknown option '" + a + "' (see --help)");
            }
            i++;
            switch (a) {
                case "--rounds": rounds = positive(a, v); break;
                case "--warmup": warmup = positive(a, v); break;
                case "--duration": duration = positive(a, v); break;
                case "--connections": connections = positive(a, v); break;
                case "--wrk-threads": wrkThreads = positive(a, v); break;
                case "--configs": configs = configs(v); break;
                case "--service-cpus": serviceCpus = v; pin = true; break;
                case "--wrk-cpus": wrkCpus = v; pin = true; break;
                case "--service-threads": serviceThreads = positive(a, v); break;
                case "--heap": heap = v; break;
                case "--root": root = Path.of(v).toAbsolutePath(); break;
                case "--results": results = Path.of(v).toAbsolutePath(); break;
                case "--docs": docs = Path.of(v).toAbsolutePath(); break;
                case "--note": note = v; break;
                case "--java": java = Path.of(v); break;
                case "--service-cp": serviceCp = v; break;
                case "--wrk": wrk = Path.of(v); break;
                case "--command": command = v; break;
                default: throw new IllegalArgumentException("unknown option '" + a + "' (see --help)");
            }
        }
        return new BenchOptions(rounds, warmup, duration, connections, wrkThreads, configs, pin ? serviceCpus : null,
            pin ? wrkCpus : null, serviceThreads, heap, keep, root,
            results == null ? root.resolve("bench/results") : results, docs, note, java,
            serviceCp == null ? root.resolve("bench/target/overhead-service.jar").toString() : serviceCp, wrk,
            command + shown(args), help);
    }

    /** The arguments as the report shows them: the note (printed above), the root and the command itself left out. */
    private static String shown(String[] args) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            if (List.of("--note", "--root", "--command").contains(args[i])) {
                i++;
            } else {
                s.append(' ').append(args[i]);
            }
        }
        return s.toString();
    }

    /** How each run is done, its logs under {@code results}. */
    RunSettings settings(Path runDirs) {
        return new RunSettings(warmupSeconds, durationSeconds, connections, wrkThreads, serviceCpus, wrkCpus,
            serviceThreads, heap, keepRecordings, runDirs);
    }

    /**
     * The programs, checked: each missing one is one line saying how to get it.
     *
     * @param scratch where async-profiler's library is unpacked
     * @throws IllegalStateException naming what is missing
     */
    Tools tools(Path scratch) {
        for (String entry : serviceClassPath.split(File.pathSeparator)) {
            if (!Files.exists(Path.of(entry))) {
                throw new IllegalStateException("the service's class path entry " + entry + " does not exist:"
                    + " build it with mvn -q -DskipTests -pl bench -am package");
            }
        }
        Path agent = root.resolve("dist/hotscope.jar");
        if (configs.stream().anyMatch(Config::isHotscope) && !Files.isRegularFile(agent)) {
            throw new IllegalStateException(agent + " is missing: build it with mvn -q -DskipTests -pl javaagent -am package");
        }
        Path ap = configs.contains(Config.ASYNC_PROFILER) ? Tools.extractAsyncProfiler(scratch) : null;
        return new Tools(java, serviceClassPath, wrk == null ? onPath("wrk") : wrk, agent, ap);
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(name + " is not on the PATH: install it (apt-get install wrk) or give --wrk PATH");
    }

    private static List<Config> configs(String list) {
        List<Config> chosen = new ArrayList<>();
        chosen.add(Config.NONE);  // every ratio is to it
        for (String id : list.split(",")) {
            Config c = Config.of(id);
            if (!chosen.contains(c)) {
                chosen.add(c);
            }
        }
        return List.copyOf(chosen);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " takes a whole number above 0, not '" + value + "'");
    }
}
