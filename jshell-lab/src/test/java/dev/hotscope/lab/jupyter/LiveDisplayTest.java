package dev.hotscope.lab.jupyter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A watch in a notebook: one display, replaced in place by each refresh. */
class LiveDisplayTest {
    private final List<DisplayData> shown = new ArrayList<>();
    private final List<DisplayData> updated = new ArrayList<>();
    private final LiveDisplay live = new LiveDisplay(shown::add, updated::add);

    @Test
    void theFirstRefreshIsShownAndLaterOnesReplaceIt() {
        live.accept("first");
        live.accept("second");
        live.accept("third");

        assertThat(shown).singleElement().satisfies(d -> assertThat(d.getData(MIMEType.TEXT_PLAIN)).isEqualTo("first"));
        assertThat(updated).extracting(d -> d.getData(MIMEType.TEXT_PLAIN)).containsExactly("second", "third");
        assertThat(updated).allSatisfy(d -> assertThat(d.getDisplayId()).isEqualTo(shown.get(0).getDisplayId()));
    }

    @Test
    void theLastViewNeedNotBeShownAgainAsTheResult() {
        Object last = new Object();
        assertThat(live.isShowing(last)).isFalse();

        live.accept(new Object());
        live.accept(last);

        assertThat(live.isShowing(last)).isTrue();
        assertThat(live.isShowing(new Object())).isFalse();
        assertThat(live.isShowing(null)).isFalse();
    }
}
