package dev.hotscope.jfr.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.jfr.events.SyscallLatencyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** More waits and stacks than the report keeps: the page says what it left out, the totals stay whole. */
class BoundedAggregatesTest {
    static final int EVENTS = 12_000;

    @Test
    void timelineAndStacksAreCappedAndSaySo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("many.jfr");
        long totalMicros = 0;
        try (Recording r = new Recording()) {
            r.enable("hotscope.SyscallLatency");
            r.start();
            long now = System.currentTimeMillis();
            for (int i = 0; i < EVENTS; i++) {
                SyscallLatencyEvent e = new SyscallLatencyEvent();
                e.javaThread = Thread.currentThread();
                e.osThreadId = 1000 + i % 50;
                e.threadName = "many-" + i % 50;
                e.began = now - EVENTS + i;
                e.syscall = "read";
                e.latency = (1000 + i) * 1000L;
                totalMicros += 1000 + i;
                // Every event a stack of its own: more than StackProfile keeps.
                e.stack = "com.acme.Gen.m" + i + ":1 [java]\ncom.acme.Gen.run:2 [java]\n";
                e.commit();
            }
            r.stop();
            r.dump(file);
        }
        Path html = dir.resolve("many.html");
        Report.writeHtml(file, html);
        String page = Files.readString(html);
        assertThat(page).contains("Showing the " + Timeline.MAX_WAITS + " longest of " + EVENTS + " waits.")
            .contains(" of them are of threads beyond the top " + ChartData.TIMELINE_LANES);
        assertThat(page).contains("More than " + StackProfile.MAX_STACKS + " distinct stacks");
        assertThat(FlameGraphPages.frameNames(FlameGraphPages.page(page, "flame-syscall")))
            .contains("[other stacks: more than " + StackProfile.MAX_STACKS + " distinct]");

        StringBuilder text = new StringBuilder();
        Report.writeSummary(file, text);
        // Sums are over every event, whatever was dropped from the timeline and the stacks.
        assertThat(text.toString()).contains("Threads by waited time, the application's before the JVM's own (top 10 of 50;")
            .containsPattern("read +- +- +\\S+ +\\S+ +\\S+ +\\S+ +" + EVENTS + " +"
                + Nanos.format(totalMicros * 1000).replace(".", "\\.") + " ");
    }
}
