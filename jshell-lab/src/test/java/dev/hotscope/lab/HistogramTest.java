package dev.hotscope.lab;

import static dev.hotscope.lab.TestEvents.withArg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotscope.lab.Histogram.Bucket;
import dev.hotscope.lab.render.HistogramRenderer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HistogramTest {
    private static Histogram log2Of(long... values) {
        List<Event> events = Arrays.stream(values).mapToObj(TestEvents::withArg).collect(Collectors.toList());
        return new Events("t", events, 0).log2("bytes", e -> e.arg(0));
    }

    private static Bucket bucketOf(long value) {
        Histogram h = log2Of(value);
        return h.buckets().stream().filter(b -> b.count() == 1).findFirst().orElseThrow();
    }

    @Test
    void log2BucketBoundaries() {
        assertThat(bucketOf(0)).isEqualTo(new Bucket(0, 1, 1));
        assertThat(bucketOf(1)).isEqualTo(new Bucket(1, 2, 1));
        assertThat(bucketOf(2)).isEqualTo(new Bucket(2, 4, 1));
        assertThat(bucketOf(3)).isEqualTo(new Bucket(2, 4, 1));
        assertThat(bucketOf(4)).isEqualTo(new Bucket(4, 8, 1));
        assertThat(bucketOf(1023)).isEqualTo(new Bucket(512, 1024, 1));
        assertThat(bucketOf(1024)).isEqualTo(new Bucket(1024, 2048, 1));
        assertThat(bucketOf(Long.MAX_VALUE)).isEqualTo(new Bucket(1L << 62, Long.MAX_VALUE, 1));
        assertThat(bucketOf((1L << 62) - 1)).isEqualTo(new Bucket(1L << 61, 1L << 62, 1));
        assertThat(bucketOf(-5)).isEqualTo(new Bucket(Long.MIN_VALUE, 0, 1));
    }

    @Test
    void everyValueLandsInABucketThatContainsIt() {
        long[] values = {0, 1, 2, 3, 4, 7, 8, 1023, 1024, 1025, 1L << 40, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        for (long v : values) {
            assertThat(bucketOf(v).contains(v)).as("bucket of %d", v).isTrue();
        }
    }

    @Test
    void log2KeepsOnlyTheRangeFromFirstToLastNonEmptyBucketWithGapsInside() {
        Histogram h = log2Of(4, 5, 100);
        assertThat(h.buckets()).extracting(Bucket::low).containsExactly(4L, 8L, 16L, 32L, 64L);
        assertThat(h.buckets()).extracting(Bucket::count).containsExactly(2L, 0L, 0L, 0L, 1L);
        assertThat(h.total()).isEqualTo(3);
        assertThat(h.log2()).isTrue();
    }

    @Test
    void labelsUseBinarySuffixesLikeBpftrace() {
        assertThat(new Bucket(0, 1, 0).label()).isEqualTo("[0]");
        assertThat(new Bucket(1, 2, 0).label()).isEqualTo("[1]");
        assertThat(new Bucket(4, 8, 0).label()).isEqualTo("[4, 8)");
        assertThat(new Bucket(512, 1024, 0).label()).isEqualTo("[512, 1K)");
        assertThat(new Bucket(1024, 2048, 0).label()).isEqualTo("[1K, 2K)");
        assertThat(new Bucket(1L << 20, 1L << 21, 0).label()).isEqualTo("[1M, 2M)");
        assertThat(new Bucket(1L << 30, 1L << 31, 0).label()).isEqualTo("[1G, 2G)");
        assertThat(new Bucket(1L << 62, Long.MAX_VALUE, 0).label()).isEqualTo("[4E, ...)");
        assertThat(new Bucket(Long.MIN_VALUE, 0, 0).label()).isEqualTo("(..., 0)");
        assertThat(new Bucket(100, 110, 0).label()).isEqualTo("[100, 110)");
        assertThat(new Bucket(1024, 1536, 0).label()).isEqualTo("[1024, 1536)");
        assertThat(new Bucket(1536, 2048, 0).label()).isEqualTo("[1536, 2048)");
        assertThat(new Bucket(5, 6, 0).label()).isEqualTo("[5]");
        assertThat(new Bucket(4096, Long.MAX_VALUE, 0).label()).isEqualTo("[4K, ...)");
        assertThat(new Bucket(4000, Long.MAX_VALUE, 0).label()).isEqualTo("[4000, ...)");
    }

    @Test
    void textHasHeaderRowsWithProportionalBarsAndNoLostLineWhenNothingLost() {
        Histogram h = new Histogram("read", "usecs", true,
            List.of(new Bucket(4, 8, 10), new Bucket(8, 16, 40), new Bucket(16, 32, 20)), 0);
        List<String> lines = h.toText().lines().collect(Collectors.toList());
        assertThat(lines.get(0)).contains("read").contains("usecs").contains("70");
        assertThat(lines).hasSize(4);
        assertThat(bar(lines.get(1))).hasSize(10);
        assertThat(bar(lines.get(2))).hasSize(40);
        assertThat(bar(lines.get(3))).hasSize(20);
        assertThat(lines.get(1)).startsWith("[4, 8) ").contains(" 10 |");
        assertThat(lines.get(2)).startsWith("[8, 16)");
        // Every bar box is the same width, so the closing '|' lines up.
        assertThat(lines.subList(1, 4)).extracting(l -> l.lastIndexOf('|')).containsOnly(lines.get(1).lastIndexOf('|'));
        assertThat(lines.get(1).lastIndexOf('|') - lines.get(1).indexOf('|') - 1).isEqualTo(HistogramRenderer.BAR_WIDTH);
        assertThat(h.toText()).doesNotContain("lost");
        assertThat(h.toString()).isEqualTo(h.toText());
    }

    @Test
    void aSmallNonEmptyBucketStillGetsABarAndAnEmptyOneNone() {
        Histogram h = new Histogram("", "", true,
            List.of(new Bucket(1, 2, 1), new Bucket(2, 4, 0), new Bucket(4, 8, 1000)), 0);
        List<String> lines = h.toText().lines().collect(Collectors.toList());
        assertThat(bar(lines.get(1))).hasSize(1);
        assertThat(bar(lines.get(2))).isEmpty();
        assertThat(bar(lines.get(3))).hasSize(40);
    }

    @Test
    void textSkipsEmptyBucketsAtTheEdgesAndUsesSuffixedBounds() {
        Histogram h = new Histogram("", "", true, List.of(new Bucket(512, 1024, 0), new Bucket(1024, 2048, 3),
            new Bucket(1L << 20, 1L << 21, 1), new Bucket(1L << 21, 1L << 22, 0)), 0);
        String text = h.toText();
        assertThat(text).contains("[1K, 2K)").contains("[1M, 2M)").doesNotContain("[512").doesNotContain("[2M");
    }

    @Test
    void lostEventsEndTheText() {
        Histogram h = new Histogram("x", "usecs", true, List.of(new Bucket(0, 1, 1)), 7);
        assertThat(h.toText()).endsWith("lost 7 events\n");
        assertThat(new Histogram("x", "", true, List.of(), 1).toText()).endsWith("(no events)\nlost 1 event\n");
    }

    @Test
    void emptyHistogramSaysNoEvents() {
        Histogram h = new Events("t", List.of(), 0).log2();
        assertThat(h.buckets()).isEmpty();
        assertThat(h.toText()).contains("(no events)").doesNotContain("|");
        assertThat(h.toHtml()).contains("(no events)");
        assertThatThrownBy(() -> h.percentile(50)).isInstanceOf(IllegalStateException.class).hasMessageContaining("no events");
        assertThatThrownBy(h::peak).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void percentileAndPeakNameBuckets() {
        Histogram h = new Histogram("", "", true,
            List.of(new Bucket(1, 2, 50), new Bucket(2, 4, 40), new Bucket(4, 8, 9), new Bucket(8, 16, 1)), 0);
        assertThat(h.percentile(0)).isEqualTo(h.buckets().get(0));
        assertThat(h.percentile(50)).isEqualTo(h.buckets().get(0));
        assertThat(h.percentile(51)).isEqualTo(h.buckets().get(1));
        assertThat(h.percentile(99)).isEqualTo(h.buckets().get(2));
        assertThat(h.percentile(99.5)).isEqualTo(h.buckets().get(3));
        assertThat(h.percentile(100)).isEqualTo(h.buckets().get(3));
        assertThat(h.peak()).isEqualTo(h.buckets().get(0));
        assertThatThrownBy(() -> h.percentile(101)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("from 0 to 100");
        assertThatThrownBy(() -> h.percentile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linearBucketsWithOutOfRangeOnBothSides() {
        List<Event> events = Arrays.stream(new long[] {-1, 0, 9, 10, 25, 29, 30, 1000}).mapToObj(TestEvents::withArg)
            .collect(Collectors.toList());
        Histogram h = new Events("t", events, 0).linear("ms", e -> e.arg(0), 0, 30, 10);
        assertThat(h.log2()).isFalse();
        assertThat(h.buckets()).containsExactly(new Bucket(Long.MIN_VALUE, 0, 1), new Bucket(0, 10, 2),
            new Bucket(10, 20, 1), new Bucket(20, 30, 2), new Bucket(30, Long.MAX_VALUE, 2));
        assertThat(h.toText()).contains("(..., 0)").contains("[30, ...)").contains("[10, 20)");
    }

    @Test
    void linearLastBucketStopsAtMaxWhenStepDoesNotDivide() {
        Histogram h = new Events("t", List.of(withArg(24)), 0).linear("", e -> e.arg(0), 0, 25, 10);
        assertThat(h.buckets().get(3)).isEqualTo(new Bucket(20, 25, 1));
    }

    @Test
    void linearRejectsBadBoundsWithOneLineMessages() {
        Events none = new Events("t", List.of(), 0);
        assertThatThrownBy(() -> none.linear("", Event::durationNanos, 0, 10, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("step must be 1 or more, not 0");
        assertThatThrownBy(() -> none.linear("", Event::durationNanos, 10, 10, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max must be greater than min");
        assertThatThrownBy(() -> none.linear("", Event::durationNanos, Long.MIN_VALUE, Long.MAX_VALUE, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use a larger step");
    }

    @Test
    void recordRejectsBadInputWithMessagesSayingWhatIsAccepted() {
        assertThatThrownBy(() -> new Histogram(null, "", true, List.of(), 0)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("title");
        assertThatThrownBy(() -> new Histogram("", "", true, List.of(), -1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("0 or more");
        assertThatThrownBy(() -> new Histogram("", "", true, List.of(new Bucket(4, 8, 1), new Bucket(2, 4, 1)), 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascend");
        assertThatThrownBy(() -> new Bucket(4, 4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Bucket(4, 8, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void htmlIsWellFormedEscapedSvgWithOneBarPerBucket() throws Exception {
        Histogram h = new Histogram("<b>&\"x\"</b>", "us", true,
            List.of(new Bucket(1, 2, 3), new Bucket(2, 4, 0), new Bucket(4, 8, 6)), 2);
        String html = h.toHtml();
        assertThat(html).doesNotContain("<b>").contains("&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;").contains("lost 2 events")
            .doesNotContain("<script");
        var doc = Xml.parse(html);
        assertThat(doc.getElementsByTagName("svg").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(3);
        var rects = doc.getElementsByTagName("rect");
        double w0 = Double.parseDouble(((org.w3c.dom.Element) rects.item(0)).getAttribute("width"));
        double w2 = Double.parseDouble(((org.w3c.dom.Element) rects.item(2)).getAttribute("width"));
        assertThat(w2).isEqualTo(2 * w0);
    }

    private static String bar(String line) {
        int open = line.indexOf('|');
        return line.substring(open + 1, line.lastIndexOf('|')).strip();
    }
}
