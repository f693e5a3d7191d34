package dev.hotscope.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The lines a process writes to one stream, collected by a daemon thread as they arrive. Lines
 * keep their raw bytes (one {@code char} per byte, ISO-8859-1) so that text cut in the middle of a
 * UTF-8 character survives; {@link #utf8(String)} decodes one when it is whole.
 */
public final class OutputLines {
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private int consumed;
    private boolean ended;

    private OutputLines(InputStream in, String name) {
        reader = new Thread(() -> readAll(in), name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts collecting a stream.
     *
     * @param in the stream, e.g. {@link Process#getInputStream()}
     * @param name a thread name for diagnostics
     * @return the collector
     */
    public static OutputLines collect(InputStream in, String name) {
        return new OutputLines(in, name);
    }

    /** Decodes a raw line (one char per byte) as UTF-8. */
    public static String utf8(String raw) {
        return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /**
     * Waits for the next line not yet returned by this method.
     *
     * @param timeout how long to wait
     * @return the line, or empty on timeout or when the stream ended first
     * @throws InterruptedException if interrupted
     */
    public synchronized Optional<String> next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumed >= lines.size() && !ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return consumed < lines.size() ? Optional.of(lines.get(consumed++)) : Optional.empty();
    }

    /**
     * Waits until any line so far or to come matches.
     *
     * @param wanted the test
     * @param timeout how long to wait
     * @return the first matching line, or empty on timeout or when the stream ended first
     * @throws InterruptedException if interrupted
     */
    public synchronized Optional<String> await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (wanted.test(lines.get(checked))) {
                    return Optional.of(lines.get(checked));
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /**
     * Waits for the end of the stream (the process closed it or exited).
     *
     * @param timeout how long to wait
     * @return whether it ended in time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(Math.max(1, timeout.toMillis()));
        return !reader.isAlive();
    }

    /** Every line so far, raw. */
    public synchronized List<String> all() {
        return List.copyOf(lines);
    }

    /** Every line so far joined, decoded as UTF-8, for failure messages; the last 40 lines at most. */
    public synchronized String tail() {
        int from = Math.max(0, lines.size() - 40);
        StringBuilder text = new StringBuilder(from > 0 ? "[" + from + " lines before]\n" : "");
        for (String line : lines.subList(from, lines.size())) {
            text.append(utf8(line)).append('\n');
        }
        return text.length() == 0 ? "(nothing)" : text.toString();
    }

    private void readAll(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        add(line.toString(StandardCharsets.ISO_8859_1));
                        line.reset();
                    } else {
                        line.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // The process went away; what was read is kept.
        }
        if (line.size() > 0) {
            add(line.toString(StandardCharsets.ISO_8859_1));
        }
        synchronized (this) {
            ended = true;
            notifyAll();
        }
    }

    private synchronized void add(String line) {
        lines.add(line);
        notifyAll();
    }
}
