package dev.hotscope.lab.internal;

import dev.hotscope.lab.Events;
import dev.hotscope.lab.Rich;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What {@code watch} shows: the view of everything seen so far, redrawn every refresh. In a terminal the
 * screen is cleared first, as {@code top} does; elsewhere (a pipe, a notebook) each refresh is appended.
 */
public final class LiveView<T> {
    private static final String CLEAR = "\033[H\033[2J";
    private static volatile Consumer<Object> display;

    private final String title;
    private final long refreshNanos;
    private final Function<Events, T> view;
    private long started;
    private long next;
    private T last;

    /**
     * Prepares a view.
     *
     * @param title what is watched
     * @param refresh how often to redraw
     * @param view what to compute from the events
     */
    public LiveView(String title, Duration refresh, Function<Events, T> view) {
        this.title = title;
        this.refreshNanos = refresh.toNanos();
        this.view = view;
    }

    /**
     * Sends every refresh to {@code consumer} instead of System.out (the Jupyter kernel updates a cell's
     * display with it).
     *
     * @param consumer receives each view's value; null restores printing
     */
    public static void displayWith(Consumer<Object> consumer) {
        display = consumer;
    }

    void start() {
        started = System.nanoTime();
        next = started + refreshNanos;
    }

    boolean due() {
        return System.nanoTime() >= next;
    }

    void show(Events events) {
        next = System.nanoTime() + refreshNanos;
        last = view.apply(events);
        Consumer<Object> d = display;
        if (d != null) {
            d.accept(last);
            return;
        }
        PrintStream out = System.out;
        boolean terminal = System.console() != null;
        StringBuilder b = new StringBuilder();
        if (terminal) {
            b.append(CLEAR);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        b.append("watching ").append(title).append(String.format(" for %.1f s", seconds))
            .append(terminal ? "; Ctrl-C returns to the prompt" : "").append('\n');
        b.append(last instanceof Rich r ? r.toText() : String.valueOf(last));
        if (b.charAt(b.length() - 1) != '\n') {
            b.append('\n');
        }
        out.print(b);
        out.flush();
    }

    /** Returns the last value shown, or null before the first refresh. */
    public T last() {
        return last;
    }
}
