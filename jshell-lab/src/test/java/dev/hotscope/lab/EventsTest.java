package dev.hotscope.lab;

import static dev.hotscope.lab.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventsTest {
    private static final Events SAMPLE = new Events("syscalls", List.of(
        event("read", 3_000, 10, "worker-1", "a.B.read", "a.B.main"),
        event("write", 5_000, 11, "worker-2", "a.B.write", "a.B.main"),
        event("read", 1_000, 10, "worker-1", "a.B.read", "a.B.main"),
        event("poll", 100_000, 12, "io"),
        event("write", 2_000, 11, "worker-2", "a.B.write", "a.B.main"),
        event("read", 1_000, 10, "worker-1", "a.B.read", "a.B.other")), 4);

    @Test
    void isAnImmutableListThatKeepsTitleAndLost() {
        List<Event> source = new ArrayList<>(SAMPLE);
        Events e = new Events("t", source, 2);
        source.clear();
        assertThat(e).hasSize(6);
        assertThat(e.count()).isEqualTo(6);
        assertThat(e.title()).isEqualTo("t");
        assertThat(e.lost()).isEqualTo(2);
        assertThatThrownBy(() -> e.add(event("x", 0))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(e.stream().filter(x -> x.name().equals("read")).count()).isEqualTo(3);
        Events reads = e.where(x -> x.name().equals("read"));
        assertThat(reads).hasSize(3).allMatch(x -> x.name().equals("read"));
        assertThat(reads.lost()).isEqualTo(2);
        assertThat(reads.title()).isEqualTo("t");
    }

    @Test
    void rejectsNullsAndNegativeLost() {
        assertThatThrownBy(() -> new Events("t", Arrays.asList(event("a", 0), null), 0))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("events contains null");
        assertThatThrownBy(() -> new Events("t", List.of(), -1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("lost must be 0 or more, not -1");
        assertThatThrownBy(() -> SAMPLE.countBy(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("Event::name");
        assertThatThrownBy(() -> SAMPLE.top(0, Event::name)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("top needs n of 1 or more, not 0");
    }

    @Test
    void countByOrdersByCountThenFirstSeen() {
        Table t = SAMPLE.countBy(Event::name);
        assertThat(t.columns()).containsExactly("key", "count");
        assertThat(t.rows()).containsExactly(List.of("read", 3L), List.of("write", 2L), List.of("poll", 1L));
        assertThat(t.lost()).isEqualTo(4);
        assertThat(t.toText()).endsWith("lost 4 events\n");
    }

    @Test
    void topBreaksTiesByFirstSeen() {
        Events e = new Events("", List.of(event("b", 0), event("a", 0), event("c", 0), event("a", 0), event("b", 0),
            event("d", 0)), 0);
        assertThat(e.top(2, Event::name).column("key")).containsExactly("b", "a");
        assertThat(e.top(3, Event::name).column("key")).containsExactly("b", "a", "c");
        assertThat(e.top(10, Event::name).rows()).hasSize(4);
    }

    @Test
    void sumAndSumByAndTopBySum() {
        assertThat(SAMPLE.sum(Event::durationNanos)).isEqualTo(112_000);
        Table t = SAMPLE.sumBy(Event::name, Event::durationNanos);
        assertThat(t.columns()).containsExactly("key", "sum", "count");
        assertThat(t.rows()).containsExactly(List.of("poll", 100_000L, 1L), List.of("write", 7_000L, 2L),
            List.of("read", 5_000L, 3L));
        assertThat(SAMPLE.top(1, Event::name, Event::durationNanos).rows()).containsExactly(List.of("poll", 100_000L, 1L));
    }

    @Test
    void nullKeysFormTheirOwnGroup() {
        Table t = SAMPLE.countBy(e -> e.stack().isEmpty() ? null : e.stack().get(0));
        assertThat(t.column("key")).containsExactly("a.B.read", "a.B.write", null);
    }

    @Test
    void log2OfDurationsIsInMicroseconds() {
        Histogram h = SAMPLE.log2();
        assertThat(h.unit()).isEqualTo("usecs");
        assertThat(h.lost()).isEqualTo(4);
        assertThat(h.total()).isEqualTo(6);
        // 1 µs x2, 2, 3, 5 µs, 100 µs
        assertThat(h.buckets().get(0)).isEqualTo(new Histogram.Bucket(1, 2, 2));
        assertThat(h.buckets().get(1)).isEqualTo(new Histogram.Bucket(2, 4, 2));
        assertThat(h.buckets().get(2)).isEqualTo(new Histogram.Bucket(4, 8, 1));
        assertThat(h.buckets().get(h.buckets().size() - 1)).isEqualTo(new Histogram.Bucket(64, 128, 1));
    }

    @Test
    void topStacksByTotalDurationWithNoStackRow() {
        Table t = SAMPLE.topStacks(10);
        assertThat(t.columns()).containsExactly("stack", "total", "count");
        assertThat(t.rows()).containsExactly(
            List.of("(no stack)", Duration.ofNanos(100_000), 1L),
            List.of(List.of("a.B.write", "a.B.main"), Duration.ofNanos(7_000), 2L),
            List.of(List.of("a.B.read", "a.B.main"), Duration.ofNanos(4_000), 2L),
            List.of(List.of("a.B.read", "a.B.other"), Duration.ofNanos(1_000), 1L));
        assertThat(SAMPLE.topStacks(1).rows()).hasSize(1);
        assertThat(t.toText()).contains("total µs").contains("    a.B.write\n    a.B.main\n");
    }

    @Test
    void topStacksAndFlameCountEventsWhenNothingHasADuration() {
        Events points = new Events("", List.of(event("x", 0, 1, "t", "f.G.h"), event("x", 0, 1, "t", "f.G.h")), 0);
        assertThat(points.topStacks(5).rows()).containsExactly(List.of(List.of("f.G.h"), 2L));
        FlameGraph g = points.flame();
        assertThat(g.unit()).isEqualTo("events");
        assertThat(g.stacks()).isEqualTo(Map.of(List.of("f.G.h"), 2L));
    }

    @Test
    void flameIsWeightedByDurationAndKeepsLost() {
        FlameGraph g = SAMPLE.flame();
        assertThat(g.unit()).isEqualTo("ns");
        assertThat(g.lost()).isEqualTo(4);
        assertThat(g.total()).isEqualTo(SAMPLE.sum(Event::durationNanos));
        assertThat(g.stacks()).containsEntry(List.of("a.B.read", "a.B.main"), 4_000L)
            .containsEntry(List.of("(no stack)"), 100_000L);
        assertThat(g.toText()).contains("a.B.main;a.B.read 4000\n");
    }

    @Test
    void byThreadSumsPerTid() {
        Table t = SAMPLE.byThread();
        assertThat(t.columns()).containsExactly("thread", "tid", "count", "total");
        assertThat(t.rows()).containsExactly(List.of("io", 12L, 1L, Duration.ofNanos(100_000)),
            List.of("worker-2", 11L, 2L, Duration.ofNanos(7_000)), List.of("worker-1", 10L, 3L, Duration.ofNanos(5_000)));
    }

    @Test
    void textShowsTheFirstTwentyThenHowManyMoreAndLost() {
        List<Event> many = IntStream.range(0, 25).mapToObj(i -> event("e" + i, 1_000_000L * (i + 1)))
            .collect(Collectors.toList());
        String text = new Events("gc", many, 9).toText();
        List<String> lines = text.lines().collect(Collectors.toList());
        assertThat(lines.get(0)).isEqualTo("gc: 25 events");
        assertThat(lines.get(1)).contains("at ms").contains("name").contains("duration ms");
        assertThat(text).contains(" e19 ").doesNotContain(" e20 ");
        assertThat(lines.get(lines.size() - 2)).isEqualTo("… 5 more");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("lost 9 events");
        assertThat(new Events("gc", List.of(), 0).toText()).isEqualTo("gc: (no events)\n");
        assertThat(new Events("gc", many, 0).toString()).isEqualTo(new Events("gc", many, 0).toText());
    }

    @Test
    void htmlIsWellFormedAndEscaped() throws Exception {
        Events e = new Events("a<b", List.of(event("<init>", 5, 1, "t&1", "Foo.<init>")), 1);
        String html = e.toHtml();
        assertThat(html).doesNotContain("<init>").contains("&lt;init&gt;").contains("t&amp;1").contains("lost 1 event");
        Xml.parse(html);
    }

    @Test
    void aggregatesAMillionEvents() {
        Event[] many = new Event[1_000_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = new Event("s", i % 2 == 0 ? "read" : "write", i, i % 4096, i % 8, "t", new long[0], List.of(), null);
        }
        Events e = new Events("big", Arrays.asList(many), 0);
        assertThat(e.countBy(Event::name).column("count")).containsExactly(500_000L, 500_000L);
        assertThat(e.log2("ns", Event::durationNanos).total()).isEqualTo(1_000_000);
        assertThat(e.byThread().rows()).hasSize(8);
    }
}
