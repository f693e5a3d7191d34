package dev.hotscope.lab.jupyter;

import dev.hotscope.lab.Rich;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/** How a cell's value shows: a {@link Rich} result as HTML (and text), anything else as JShell's text. */
final class Display {
    private Display() {
    }

    /**
     * Returns the display of a value.
     *
     * @param value the cell's value; null gives null (nothing shown)
     */
    static DisplayData of(LabShell.Value value) {
        if (value == null) {
            return null;
        }
        if (value.object() instanceof Rich rich) {
            return rendered(rich, value.text());
        }
        return new DisplayData(value.text());
    }

    /** Text and HTML of a rich result; when rendering fails, JShell's text and why. */
    private static DisplayData rendered(Rich rich, String text) {
        try {
            DisplayData data = new DisplayData(rich.toText());
            data.putHTML(rich.toHtml());
            return data;
        } catch (RuntimeException e) {
            return new DisplayData(text + "\n(could not render it as HTML: " + e + ")");
        }
    }
}
