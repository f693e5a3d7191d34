package dev.hotscope.jfr.report;

import dev.hotscope.jfr.writer.RecordingFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * The report on a JFR recording with hotscope's events: a self-contained HTML page (timeline, per-thread
 * breakdown, flame graphs, latency histograms) or the same findings as plain text. The recording is
 * read once, event by event, into bounded aggregates, so files of any size can be reported on.
 */
public final class Report {
    private Report() {}

    /**
     * Writes the HTML page. The page is written to a temporary file beside {@code html} and moved into
     * place, so a failure leaves no half-written page.
     *
     * @param jfr the recording; not null
     * @param html where to write the page, replaced if it exists; not null
     * @return what the recording held, one line for the user (e.g. that it had no hotscope events)
     * @throws ReportException one line naming the problem: the recording is missing, not a file, empty,
     *     truncated, corrupt or not JFR, or the page cannot be written there
     * @throws NullPointerException if an argument is null
     */
    public static String writeHtml(Path jfr, Path html) throws ReportException {
        Objects.requireNonNull(jfr, "jfr");
        Objects.requireNonNull(html, "html");
        InputFiles.checkRecording(jfr);
        InputFiles.checkWritable(html);
        Findings findings = RecordingScan.read(jfr);
        Path target = html.toAbsolutePath();
        Path temp = null;
        try {
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            RecordingFiles.keepPermissions(target, temp);
            try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp),
                StandardCharsets.UTF_8), 1 << 16)) {
                HtmlPage.write(findings, out);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new ReportException("cannot write " + html + ": " + e.getMessage()
                + "; give a path in a writable directory", e);
        } finally {
            deleteQuietly(temp);
        }
        return outcome(findings);
    }

    /**
     * Writes the findings as plain text: span, event counts, threads by waited time, syscalls, lock
     * waits and their wakers, GC pauses and starvation, off-CPU stacks, lost events.
     *
     * @param jfr the recording; not null
     * @param out where the text goes; not null
     * @throws ReportException one line naming the problem with the recording, or that {@code out} failed
     * @throws NullPointerException if an argument is null
     */
    public static void writeSummary(Path jfr, Appendable out) throws ReportException {
        Objects.requireNonNull(jfr, "jfr");
        Objects.requireNonNull(out, "out");
        String text = SummaryText.render(RecordingScan.read(jfr));
        try {
            out.append(text);
        } catch (IOException e) {
            throw new ReportException("cannot write the summary: " + e.getMessage(), e);
        }
    }

    private static String outcome(Findings f) {
        if (!f.hasHotscopeEvents()) {
            return "no hotscope events in " + f.file + "; the page shows the JDK's " + f.jdkGc.count() + " GC pauses";
        }
        return f.facts.hotscopeEvents() + " hotscope events, " + f.facts.jdkEvents + " JDK events";
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // a leftover temporary file is harmless next to the error already reported
        }
    }
}
