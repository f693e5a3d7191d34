package dev.hotscope.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TableTest {
    private static final Table SYSCALLS = new Table("syscalls", List.of("name", "count", "total"), List.of(
        List.of("read", 1234567L, Duration.ofMillis(1500)),
        List.of("futex", 12L, Duration.ofNanos(2_500_000)),
        List.of("write", 1234L, Duration.ofSeconds(3))), 0);

    @Test
    void textAlignsColumnsRightAlignsNumbersWithSeparatorsAndNamesTheDurationUnit() {
        List<String> lines = SYSCALLS.toText().lines().collect(Collectors.toList());
        assertThat(lines.get(0)).isEqualTo("syscalls");
        assertThat(lines.get(1)).startsWith("name").contains("count").endsWith("total ms");
        assertThat(lines.get(2)).startsWith("read ").contains("1,234,567").endsWith("1,500.0");
        assertThat(lines.get(3)).contains(" 12 ").endsWith("2.5");
        assertThat(lines.get(4)).contains("1,234").endsWith("3,000.0");
        // Right-aligned: all number cells of a column end at the same place.
        assertThat(lines.subList(1, 5)).extracting(String::length).containsOnly(lines.get(1).length());
        int countEnd = lines.get(1).indexOf("count") + "count".length();
        assertThat(lines.subList(2, 5)).allSatisfy(l -> assertThat(l.charAt(countEnd - 1)).isNotEqualTo(' '));
        assertThat(SYSCALLS.toString()).isEqualTo(SYSCALLS.toText());
    }

    @Test
    void durationUnitFollowsTheLargestValue() {
        Table micro = new Table("", List.of("t"), List.of(List.of(Duration.ofNanos(15_300))), 0);
        assertThat(micro.toText().lines()).containsExactly("t µs", "15.3");
        Table nanos = new Table("", List.of("t"), List.of(List.of(Duration.ofNanos(7))), 0);
        assertThat(nanos.toText().lines()).containsExactly("t ns", "   7");
        Table secs = new Table("", List.of("t"), List.of(List.of(Duration.ofSeconds(42))), 0);
        assertThat(secs.toText().lines()).containsExactly(" t s", "42.0");
    }

    @Test
    void stacksAreShownInnermostFirstAndLongCellsAreCut() {
        Table t = new Table("", List.of("stack", "n"), List.of(
            List.of(List.of("a.B.c", "a.B.main"), 1L),
            List.of("x".repeat(500), 2L)), 0);
        String text = t.toText();
        assertThat(text).contains("n 1\n    a.B.c\n    a.B.main\n").contains("x".repeat(99) + "…")
            .doesNotContain("x".repeat(100));
    }

    @Test
    void emptyTableAndLostLine() {
        Table t = new Table("t", List.of("a", "b"), List.of(), 3);
        assertThat(t.toText()).isEqualTo("t\na  b\n(no rows)\nlost 3 events\n");
    }

    @Test
    void nullCellsAreEmptyAndCellsAreImmutable() {
        List<Object> row = new ArrayList<>(Arrays.asList("a", null));
        Table t = new Table("", List.of("k", "v"), List.of(row), 0);
        row.set(0, "changed");
        assertThat(t.rows().get(0)).containsExactly("a", null);
        assertThatThrownBy(() -> t.rows().get(0).set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(t.toText()).isEqualTo("k  v\na\n");
    }

    @Test
    void sortByReversedHeadAndColumn() {
        Table byCount = SYSCALLS.sortBy("count");
        assertThat(byCount.column("name")).containsExactly("futex", "write", "read");
        assertThat(SYSCALLS.sortBy("total").reversed().column("name")).containsExactly("write", "read", "futex");
        assertThat(SYSCALLS.sortBy("name").head(2).column("name")).containsExactly("futex", "read");
        assertThat(SYSCALLS.head(10).rows()).hasSize(3);
        assertThat(SYSCALLS.head(0).rows()).isEmpty();
        assertThatThrownBy(() -> SYSCALLS.sortBy("nope")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("no column \"nope\"; the columns are [name, count, total]");
        assertThatThrownBy(() -> SYSCALLS.head(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsRowsOfTheWrongSize() {
        assertThatThrownBy(() -> new Table("", List.of("a", "b"), List.of(List.of("x")), 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("each row needs 2 cells");
        assertThatThrownBy(() -> new Table("", null, List.of(), 0)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("columns");
    }

    @Test
    void htmlEscapesEveryCellAndIsWellFormed() throws Exception {
        Table t = new Table("a<b>", List.of("frame", "count"), List.of(
            List.of("java.util.List<T>.lambda$0 & co \"q\" 'x'", 1000L),
            List.of(List.of("Foo.<init>", "[k] do_sys_poll"), 2L)), 4);
        String html = t.toHtml();
        assertThat(html).doesNotContain("List<T>").contains("java.util.List&lt;T&gt;.lambda$0 &amp; co &quot;q&quot; &#39;x&#39;")
            .contains("Foo.&lt;init&gt;<br/>[k] do_sys_poll").contains("1,000").contains("lost 4 events")
            .contains("a&lt;b&gt;");
        var doc = Xml.parse(html);
        assertThat(doc.getElementsByTagName("tr").getLength()).isEqualTo(3);
        assertThat(doc.getElementsByTagName("td").item(0).getTextContent())
            .isEqualTo("java.util.List<T>.lambda$0 & co \"q\" 'x'");
    }
}
