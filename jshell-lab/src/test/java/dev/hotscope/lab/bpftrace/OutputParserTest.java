package dev.hotscope.lab.bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.lab.Histogram;
import dev.hotscope.lab.Histogram.Bucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON lines here are what bpftrace 0.17 printed on this project's Debian 12 machine. */
class OutputParserTest {
    private final List<String> live = new ArrayList<>();
    private final OutputParser parser = new OutputParser(live::add);

    private void feed(String... lines) {
        for (String line : lines) {
            parser.accept(line);
        }
        parser.finish();
    }

    private List<Object> keys(String map) {
        return List.copyOf(((Map<?, ?>) parser.maps().get(map)).keySet());
    }

    @Test
    void printfChunksAreJoinedAndSplitIntoLines() {
        feed("{\"type\": \"attached_probes\", \"data\": {\"probes\": 1}}",
            "{\"type\": \"printf\", \"data\": \"no newline \"}",
            "{\"type\": \"printf\", \"data\": \"two\\nlines\\n\"}",
            "{\"type\": \"time\", \"data\": \"01:50\\n\"}",
            "{\"type\": \"value\", \"data\": 42}",
            "{\"type\": \"printf\", \"data\": \"unfinished\"}");

        assertThat(parser.printed()).containsExactly("no newline two", "lines", "01:50", "42", "unfinished");
        assertThat(live).isEqualTo(parser.printed());
        assertThat(parser.attached()).isTrue();
    }

    @Test
    void signExtendedByteEscapesBecomeUtf8Text() {
        feed("{\"type\": \"attached_probes\", \"data\": {\"probes\": 1}}",
            "{\"type\": \"printf\", \"data\": \"caf\\uffffffc3\\uffffffa9 1\\n\"}", "",
            "{\"type\": \"map\", \"data\": {\"@str2\": \"h\\uffffffc3\\uffffffa9llo\"}}");

        assertThat(parser.printed()).containsExactly("café 1");
        assertThat(parser.maps()).containsEntry("@str2", "héllo");
    }

    @Test
    void anEscapedBackslashIsNotTakenForAByteEscape() {
        assertThat(ByteEscapes.repair("{\"d\": \"\\\\uffffffc3\"}")).isEqualTo("{\"d\": \"\\\\uffffffc3\"}");
        assertThat(ByteEscapes.repair("\"\\t\\uffffffe2\\uffffff82\\uffffffac\"")).isEqualTo("\"\\t\\u20ac\"");
    }

    @Test
    void mapsOfEveryShapeBecomeJavaValues() {
        feed("{\"type\": \"attached_probes\", \"data\": {\"probes\": 2}}", "", "",
            "{\"type\": \"map\", \"data\": {\"@c\": {\"python3\": 3, \"bash\": 267}}}",
            "{\"type\": \"map\", \"data\": {\"@s\": 270}}",
            "{\"type\": \"stats\", \"data\": {\"@st\": {\"count\": 270, \"average\": 21675, \"total\": 5852442}}}",
            "{\"type\": \"stats\", \"data\": {\"@a\": 10}}",
            "{\"type\": \"map\", \"data\": {\"@tu\": [1,\"x\"]}}",
            "{\"type\": \"map\", \"data\": {\"@m\": {\"2,y\": 1, \"1,x\": 5}}}",
            "{\"type\": \"map\", \"data\": {\"@u64\": 18446744073709551615}}");

        assertThat(parser.maps().get("@c")).isEqualTo(Map.of("bash", 267L, "python3", 3L));
        assertThat(keys("@c")).containsExactly("bash", "python3");
        assertThat(keys("@m")).containsExactly("1,x", "2,y");
        assertThat(parser.maps()).containsEntry("@s", 270L).containsEntry("@a", 10L)
            .containsEntry("@st", new Stats(270, 21675, 5852442)).containsEntry("@tu", List.of(1L, "x"))
            .containsEntry("@u64", -1L);
        assertThat(live).as("the exit dump is the result, not printed output").isEmpty();
    }

    @Test
    void log2HistogramKeepsItsOpenLowEnd() {
        feed("{\"type\": \"hist\", \"data\": {\"@h\": [{\"max\": -1, \"count\": 1}, {\"min\": 0, \"max\": 0, \"count\": 1},"
            + " {\"min\": 1, \"max\": 1, \"count\": 1}, {\"min\": 2, \"max\": 3, \"count\": 0},"
            + " {\"min\": 4, \"max\": 7, \"count\": 1}]}}");

        Histogram h = (Histogram) parser.maps().get("@h");
        assertThat(h.log2()).isTrue();
        assertThat(h.title()).isEqualTo("@h");
        assertThat(h.buckets()).containsExactly(new Bucket(Long.MIN_VALUE, 0, 1), new Bucket(0, 1, 1),
            new Bucket(1, 2, 1), new Bucket(2, 4, 0), new Bucket(4, 8, 1));
        assertThat(h.total()).isEqualTo(4);
    }

    @Test
    void linearHistogramKeepsItsOpenHighEnd() {
        feed("{\"type\": \"hist\", \"data\": {\"@l\": [{\"max\": -1, \"count\": 1}, {\"min\": 0, \"max\": 9, \"count\": 0},"
            + " {\"min\": 10, \"max\": 19, \"count\": 2}, {\"min\": 100, \"count\": 1}]}}");

        Histogram h = (Histogram) parser.maps().get("@l");
        assertThat(h.log2()).isFalse();
        assertThat(h.buckets()).containsExactly(new Bucket(Long.MIN_VALUE, 0, 1), new Bucket(0, 10, 0),
            new Bucket(10, 20, 2), new Bucket(100, Long.MAX_VALUE, 1));
    }

    @Test
    void keyedHistogramsAreTitledWithTheirKey() {
        feed("{\"type\": \"hist\", \"data\": {\"@h\": {\"a\": [{\"min\": 2, \"max\": 3, \"count\": 1}],"
            + " \"b\": [{\"min\": 64, \"max\": 127, \"count\": 1}]}}}");

        Map<?, ?> byKey = (Map<?, ?>) parser.maps().get("@h");
        assertThat(((Histogram) byKey.get("b")).title()).isEqualTo("@h[b]");
        assertThat(((Histogram) byKey.get("b")).buckets()).containsExactly(new Bucket(64, 128, 1));
    }

    @Test
    void aMapPrintedWhileRunningIsShownAndTheLastPrintWins() {
        feed("{\"type\": \"attached_probes\", \"data\": {\"probes\": 1}}",
            "{\"type\": \"map\", \"data\": {\"@n\": {\"5\": 7}}}",
            "", "",
            "{\"type\": \"map\", \"data\": {\"@n\": {\"5\": 9}}}");

        assertThat(live).containsExactly("@n[5]: 7");
        assertThat(parser.maps()).containsEntry("@n", Map.of("5", 9L));
    }

    @Test
    void lostEventsAreAddedUp() {
        feed("{\"type\": \"lost_events\", \"data\": {\"events\": 163}}",
            "{\"type\": \"lost_events\", \"data\": {\"events\": 1}}");

        assertThat(parser.lost()).isEqualTo(164);
    }

    @Test
    void linesThatAreNotJsonAreKeptAsProblems() {
        feed("No probes to attach", "{\"type\": \"helper_error\", \"data\": {\"msg\": \"x\"}}", "{broken");

        assertThat(parser.problems()).containsExactly("No probes to attach", "bpftrace helper_error: {\"msg\":\"x\"}",
            "{broken");
        assertThat(parser.attached()).isFalse();
    }
}
