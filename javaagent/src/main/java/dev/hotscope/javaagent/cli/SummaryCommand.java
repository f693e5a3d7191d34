package dev.hotscope.javaagent.cli;

import dev.hotscope.jfr.report.Report;
import dev.hotscope.jfr.report.ReportException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hotscope summary FILE.jfr}: the report's findings as plain text. */
@Command(name = "summary", mixinStandardHelpOptions = true,
    description = {"Print what a JFR recording with hotscope's events shows: threads by waited time, syscalls by",
        "latency (p50/p99), lock waits and their wakers, GC pauses and starvation, off-CPU stacks, lost events."})
public final class SummaryCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.jfr", description = "The recording, e.g. the agent's file=.")
    private Path recording;

    /**
     * Prints the summary.
     *
     * @return 0 when printed, 2 when the recording is not usable, 1 on an unexpected failure
     */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Report.writeSummary(recording, out);
            out.flush();
            return 0;
        } catch (ReportException e) {
            err.println("hotscope summary: " + e.getMessage());
            return ReportCommand.BAD_INPUT;
        } catch (RuntimeException e) {
            err.println("hotscope summary: failed on " + recording + ": " + e
                + " (a bug in hotscope; please report it with the file)");
            return ReportCommand.FAILED;
        }
    }
}
