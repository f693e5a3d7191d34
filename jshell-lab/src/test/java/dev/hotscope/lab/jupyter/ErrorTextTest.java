package dev.hotscope.lab.jupyter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pieces of error text that do not need a JShell, and the parent pid's parsing. */
class ErrorTextTest {
    @Test
    void pointsAtTheSpanOnItsOwnLine() {
        String source = "int a = 1;\nint b = \"x\";\n";

        assertThat(ErrorText.pointAt(source, 19, 22)).containsExactly("    int b = \"x\";", "            ^^^");
        assertThat(ErrorText.pointAt(source, -1, -1)).isEmpty();
    }

    @Test
    void aMessageIsOneLineOrTheClassesSimpleName() {
        assertThat(ErrorText.message("first\n  second", "java.lang.IllegalStateException")).isEqualTo("first second");
        assertThat(ErrorText.message(null, "java.lang.IllegalStateException")).isEqualTo("IllegalStateException");
    }

    @Test
    void theParentPidIsANumberOrNothing() {
        assertThat(ParentWatch.parse(" 1234 ")).isEqualTo(Optional.of(1234L));
        assertThat(ParentWatch.parse("abc")).isEmpty();
        assertThat(ParentWatch.parse(null)).isEmpty();
    }
}
