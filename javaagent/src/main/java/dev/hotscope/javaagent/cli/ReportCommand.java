package dev.hotscope.javaagent.cli;

import dev.hotscope.jfr.report.Report;
import dev.hotscope.jfr.report.ReportException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hotscope report FILE.jfr -o FILE.html}: the recording as a self-contained HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write a self-contained HTML page (works offline) about a JFR recording with hotscope's events:",
        "a timeline of GC pauses and the waits around them, where each thread's time went, flame graphs of",
        "off-CPU, syscall and lock wait time by stack, and latency histograms."})
public final class ReportCommand implements Callable<Integer> {
    static final int BAD_INPUT = 2;
    static final int FAILED = 1;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.jfr", description = "The recording, e.g. the agent's file=.")
    private Path recording;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html",
        description = "Where to write the page (default: the recording's name with .html).")
    private Path output;

    /**
     * Writes the page.
     *
     * @return 0 when written, 2 when the recording or the output path is not usable, 1 on an unexpected failure
     */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path html = output != null ? output : defaultOutput(recording);
        try {
            String outcome = Report.writeHtml(recording, html);
            out.println("Wrote " + html + " (" + size(html) + "): " + outcome);
            return 0;
        } catch (ReportException e) {
            err.println("hotscope report: " + e.getMessage());
            return BAD_INPUT;
        } catch (RuntimeException e) {
            err.println("hotscope report: failed on " + recording + ": " + e
                + " (a bug in hotscope; please report it with the file)");
            return FAILED;
        }
    }

    static Path defaultOutput(Path recording) {
        String name = String.valueOf(recording.getFileName());
        String base = name.toLowerCase(Locale.ROOT).endsWith(".jfr") ? name.substring(0, name.length() - 4) : name;
        return recording.resolveSibling(base + ".html");
    }

    private static String size(Path file) {
        try {
            return String.format(Locale.ROOT, "%.1f MB", Files.size(file) / 1e6);
        } catch (IOException e) {
            return "size unknown";
        }
    }
}
