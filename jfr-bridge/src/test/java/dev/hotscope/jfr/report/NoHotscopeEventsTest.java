package dev.hotscope.jfr.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording of the JDK's own is no error: the report says there is nothing of hotscope's and shows its GC. */
class NoHotscopeEventsTest {
    @Test
    void saysSoAndShowsTheJdksGcPauses(@TempDir Path dir) throws Exception {
        Path recording = ReportBadInputTest.jdkRecording(dir.resolve("jdk-only.jfr"));
        long collections = jdk.jfr.consumer.RecordingFile.readAllEvents(recording).stream()
            .filter(e -> e.getEventType().getName().equals("jdk.GarbageCollection")).count();
        assertThat(collections).as("System.gc() in the recording").isPositive();

        StringBuilder text = new StringBuilder();
        Report.writeSummary(recording, text);
        assertThat(text.toString()).contains("Events: no hotscope events;")
            .contains("No hotscope events in this recording")
            .contains("GC pauses (jdk.GarbageCollection): " + collections + " pauses")
            .doesNotContain("Threads by waited time");

        Path html = dir.resolve("jdk-only.html");
        assertThat(Report.writeHtml(recording, html)).isEqualTo("no hotscope events in " + recording
            + "; the page shows the JDK's " + collections + " GC pauses");
        String page = Files.readString(html);
        assertThat(page).contains("id=\"no-hotscope-events\"").contains("GC pauses (jdk.GarbageCollection")
            .contains("id=\"gc-table\"").contains("No off-CPU events (hotscope.OffCpu or hotscope.OffCpuStack)");
        assertThat(FlameGraphPages.ids(page)).isEmpty();
    }
}
