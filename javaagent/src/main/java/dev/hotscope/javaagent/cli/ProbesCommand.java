package dev.hotscope.javaagent.cli;

import dev.hotscope.usdt.ProcessProbes;
import dev.hotscope.usdt.UsdtProbeInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hotscope probes}: the USDT probes of a process or of an ELF file, as a table. */
@Command(name = "probes", mixinStandardHelpOptions = true,
    description = "List the USDT probes of a running process (every mapped ELF file) or of an ELF file.",
    footer = "ENABLED: yes = a tracer holds the semaphore, no = semaphore is 0, - = no semaphore, ? = unknown.")
public final class ProbesCommand implements Callable<Integer> {
    private static final int BAD_ARGUMENT = 2;
    private static final int FAILED = 1;
    private static final String[] HEADER = {"PROVIDER", "PROBE", "ARGS", "ENABLED", "FILE"};

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "PID", description = "The process to look at.")
    private String pid;

    @Option(names = "--file", paramLabel = "PATH", description = "List the probes of this ELF file instead.")
    private Path file;

    @Option(names = "--provider", paramLabel = "NAME", description = "Only probes of this provider.")
    private String provider;

    /**
     * Prints the table.
     *
     * @return 0 on success, 2 for a bad pid or file, 1 if the process could not be read
     */
    @Override
    public Integer call() {
        if ((pid == null) == (file == null)) {
            return badArgument("give either a PID or --file PATH");
        }
        List<UsdtProbeInfo> probes;
        if (file != null) {
            if (!Files.exists(file)) {
                return badArgument("no such file: " + file + "; expected an x86-64 ELF file");
            }
            if (!Files.isRegularFile(file)) {
                return badArgument(file + " is not a regular file; expected an x86-64 ELF file");
            }
            try {
                probes = ProcessProbes.list(file);
            } catch (IOException e) {
                return badArgument(e.getMessage() + "; expected an x86-64 ELF file");
            }
        } else {
            long id;
            try {
                id = Pids.parse(pid);
            } catch (IllegalArgumentException e) {
                return badArgument(e.getMessage());
            }
            try {
                probes = ProcessProbes.list(id);
            } catch (IOException e) {
                spec.commandLine().getErr().println("hotscope probes: " + e.getMessage());
                return FAILED;
            }
        }
        print(filter(probes), file != null ? file.toString() : "pid " + pid);
        return 0;
    }


    private List<UsdtProbeInfo> filter(List<UsdtProbeInfo> probes) {
        if (provider == null) {
            return probes;
        }
        List<UsdtProbeInfo> kept = new ArrayList<>();
        for (UsdtProbeInfo p : probes) {
            if (p.provider().equals(provider)) {
                kept.add(p);
            }
        }
        return kept;
    }

    private void print(List<UsdtProbeInfo> probes, String where) {
        PrintWriter out = spec.commandLine().getOut();
        if (probes.isEmpty()) {
            out.println("no USDT probes" + (provider == null ? "" : " of provider " + provider) + " in " + where);
            out.flush();
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (UsdtProbeInfo p : probes) {
            rows.add(new String[] {p.provider(), p.name(), p.args(), enabled(p), shortPath(p.file())});
        }
        printAligned(out, rows);
        out.flush();
    }

    static String enabled(UsdtProbeInfo probe) {
        if (!probe.hasSemaphore()) {
            return "-";
        }
        if (probe.semaphoreCount() < 0) {
            return "?";
        }
        return probe.semaphoreCount() > 0 ? "yes" : "no";
    }

    static String shortPath(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static void printAligned(PrintWriter out, List<String[]> rows) {
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder line = new StringBuilder();
        for (String[] row : rows) {
            line.setLength(0);
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line);
        }
    }

    private int badArgument(String problem) {
        spec.commandLine().getErr().println("hotscope probes: " + problem);
        return BAD_ARGUMENT;
    }
}
