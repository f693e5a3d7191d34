package dev.hotscope.lab.jupyter;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A cell's live view ({@code watch}): the first refresh becomes a display in the cell, each later
 * one replaces it in place, so a notebook shows one view that changes rather than a scroll of them.
 */
final class LiveDisplay implements Consumer<Object> {
    private final Consumer<DisplayData> show;
    private final Consumer<DisplayData> update;
    private final String id = "hotscope-live-" + UUID.randomUUID();
    private volatile boolean shown;
    private volatile Object last;

    /**
     * @param show publishes a new display
     * @param update replaces the display with the same id
     */
    LiveDisplay(Consumer<DisplayData> show, Consumer<DisplayData> update) {
        this.show = show;
        this.update = update;
    }

    @Override
    public synchronized void accept(Object view) {
        DisplayData data = Display.of(new LabShell.Value(String.valueOf(view), view));
        data.setDisplayId(id);
        if (shown) {
            update.accept(data);
        } else {
            show.accept(data);
            shown = true;
        }
        last = view;
    }

    /** Whether {@code value} is what the display shows now: then the cell need not show it again. */
    boolean isShowing(Object value) {
        return shown && value != null && value == last;
    }
}
