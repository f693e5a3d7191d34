package dev.hotscope.lab;

/**
 * A result that shows itself: as text in JShell (bcc/bpftrace style) and as HTML in Jupyter.
 * Implementations are immutable and their {@code toString()} is {@link #toText()}.
 */
public interface Rich {
    /** Returns the plain-text rendering; ends with a "lost N events" line when events were lost. */
    String toText();

    /** Returns a self-contained HTML fragment (inline SVG/CSS, no scripts, nothing fetched). */
    String toHtml();

    /** Prints {@link #toText()} to {@code System.out}. */
    default void print() {
        System.out.print(toText());
    }
}
