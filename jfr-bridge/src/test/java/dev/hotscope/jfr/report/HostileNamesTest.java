package dev.hotscope.jfr.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.jfr.events.SyscallLatencyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names come from the traced program: markup in them must stay text in the tables, the data and the frames. */
class HostileNamesTest {
    static final String NAME = "</script><img src=x onerror=alert(1)>\"'&";

    @Test
    void markupInNamesIsEscapedEverywhere(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hostile.jfr");
        try (Recording r = new Recording()) {
            r.enable("hotscope.SyscallLatency");
            r.start();
            SyscallLatencyEvent e = new SyscallLatencyEvent();
            e.threadName = NAME;
            e.osThreadId = 77;
            e.began = System.currentTimeMillis();
            e.syscall = NAME;
            e.latency = 3_000_000;
            e.stack = "com.acme.X.y:1 [java]\n" + NAME + " [java]\n";
            e.commit();
            r.stop();
            r.dump(file);
        }
        Path html = dir.resolve("hostile.html");
        Report.writeHtml(file, html);
        String page = Files.readString(html).replace(HtmlPage.echarts(), "ECHARTS");
        // ECharts, the data and the page's script: three script elements, each closed once.
        assertThat(page.split("</script>", -1)).hasSize(4);
        assertThat(page).doesNotContain("<img").contains("<td>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;"
            + " (77)</td>");
        assertThat(page).contains("\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e\\\"'\\u0026 (77)");
        assertThat(FlameGraphPages.frameNames(FlameGraphPages.page(page, "flame-syscall"))).contains(NAME);
    }
}
