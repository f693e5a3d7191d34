package dev.hotscope.jfr.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import jdk.jfr.Recording;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of wrong input is one line naming the file and what is accepted; no page is left behind. */
class ReportBadInputTest {
    @TempDir
    Path dir;

    @Test
    void missingFile() {
        Path missing = dir.resolve("missing.jfr");
        assertOneLine(missing).contains(missing + " does not exist").contains("give a .jfr file");
    }

    @Test
    void directory() {
        assertOneLine(dir).contains(dir + " is a directory").contains("give a .jfr file");
    }

    @Test
    void emptyFile() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.jfr"));
        assertOneLine(empty).contains(empty + " is empty (0 bytes)");
    }

    @Test
    void notJfr() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jfr"), "these are notes, not a recording\n");
        assertOneLine(text).contains(text + " is not a JFR recording").contains("magic FLR");
    }

    @Test
    void truncatedRecording() throws IOException {
        Path whole = jdkRecording(dir.resolve("whole.jfr"));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.jfr"), Arrays.copyOf(bytes, bytes.length / 2));
        assertOneLine(cut).contains(cut + " is truncated").contains("give a complete JFR recording");
    }

    @Test
    void corruptRecording() throws IOException {
        Path whole = jdkRecording(dir.resolve("whole.jfr"));
        byte[] bytes = Files.readAllBytes(whole);
        // Keep the chunk header (68 bytes) and overwrite what follows it with noise.
        for (int i = 68; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        Path corrupt = Files.write(dir.resolve("corrupt.jfr"), bytes);
        assertOneLine(corrupt).startsWith(corrupt + " is corrupt (").endsWith("): give an intact JFR recording");
    }

    @Test
    void outputInAMissingDirectory() throws IOException {
        Path recording = jdkRecording(dir.resolve("ok.jfr"));
        Path html = dir.resolve("no-such-dir/report.html");
        assertThatThrownBy(() -> Report.writeHtml(recording, html)).isInstanceOf(ReportException.class)
            .hasMessage("cannot write " + html + ": the directory " + html.getParent()
                + " does not exist; give a path in an existing, writable directory");
    }

    @Test
    void outputUnderAFile() throws IOException {
        Path recording = jdkRecording(dir.resolve("ok.jfr"));
        Path html = recording.resolve("report.html");
        assertThatThrownBy(() -> Report.writeHtml(recording, html)).isInstanceOf(ReportException.class)
            .hasMessageContaining("cannot write " + html).hasMessageContaining("is not a directory");
    }

    @Test
    void outputIsADirectory() throws IOException {
        Path recording = jdkRecording(dir.resolve("ok.jfr"));
        assertThatThrownBy(() -> Report.writeHtml(recording, dir)).isInstanceOf(ReportException.class)
            .hasMessageContaining("cannot write " + dir + ": it is a directory");
    }

    /** Both entry points refuse the file with the same single line, and no page or temporary file is left. */
    private AbstractStringAssert<?> assertOneLine(Path recording) {
        Path html = dir.resolve("out.html");
        ReportException fromHtml = catchThrowableOfType(ReportException.class, () -> Report.writeHtml(recording, html));
        ReportException fromSummary = catchThrowableOfType(ReportException.class,
            () -> Report.writeSummary(recording, new StringBuilder()));
        assertThat(fromHtml).as("writeHtml of %s", recording).isNotNull();
        assertThat(fromSummary).as("writeSummary of %s", recording).isNotNull();
        assertThat(fromSummary.getMessage()).isEqualTo(fromHtml.getMessage());
        assertThat(html).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return assertThat(fromHtml.getMessage()).doesNotContain("\n");
    }

    /** A small recording of the JDK's own, with GC events. */
    static Path jdkRecording(Path file) throws IOException {
        try (Recording r = new Recording()) {
            r.enable("jdk.GarbageCollection");
            r.enable("jdk.JVMInformation");
            r.start();
            System.gc();
            r.stop();
            r.dump(file);
        }
        return file;
    }
}
