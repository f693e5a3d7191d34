package dev.hotscope.bpf.tracefs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads tracefs: {@code /sys/kernel/tracing}, or {@code /sys/kernel/debug/tracing} where only
 * debugfs has it mounted.
 */
public final class TraceEvents {
    private static final List<Path> ROOTS = List.of(Path.of("/sys/kernel/tracing"), Path.of("/sys/kernel/debug/tracing"));
    private static final Pattern FIELD = Pattern.compile(
        "^\\s*field:(.+?);\\s*offset:(\\d+);\\s*size:(\\d+);\\s*signed:(\\d+);.*$");
    private static final Pattern ID = Pattern.compile("^ID:\\s*(\\d+)\\s*$");

    private TraceEvents() {}

    /**
     * The tracefs directory in use.
     *
     * @return the first of {@code /sys/kernel/tracing}, {@code /sys/kernel/debug/tracing} that lists events
     * @throws UncheckedIOException if neither is mounted or readable (the message says how to mount it)
     */
    public static Path root() {
        for (Path root : ROOTS) {
            if (Files.isReadable(root.resolve("available_events"))) {
                return root;
            }
        }
        throw new UncheckedIOException(new NoSuchFileException("tracefs is not mounted or not readable at "
            + ROOTS.get(0) + " or " + ROOTS.get(1) + ": mount it (mount -t tracefs nodev /sys/kernel/tracing) and run as root"));
    }

    /**
     * Every tracepoint the kernel offers, as {@code category:event}, in the kernel's order.
     *
     * @return the names; unmodifiable
     * @throws UncheckedIOException if tracefs cannot be read
     */
    public static List<String> list() {
        Path file = root().resolve("available_events");
        try {
            return Files.readAllLines(file).stream().map(String::trim).filter(s -> s.indexOf(':') > 0).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a tracepoint exists (its format file does).
     *
     * @param category e.g. {@code sched}; not null
     * @param event e.g. {@code sched_switch}; not null
     * @throws UncheckedIOException if tracefs is not mounted
     */
    public static boolean exists(String category, String event) {
        return Files.isReadable(formatFile(category, event));
    }

    /**
     * The record layout of a tracepoint.
     *
     * @param category e.g. {@code sched}; not null, no '/'
     * @param event e.g. {@code sched_switch}; not null, no '/'
     * @return the parsed format
     * @throws UncheckedIOException if there is no such tracepoint ({@link NoSuchFileException} cause) or it cannot be read
     * @throws IllegalArgumentException if a name is empty or contains '/', or the file is not a format file
     */
    public static TraceEventFormat format(String category, String event) {
        Path file = formatFile(category, event);
        try {
            return parse(category, event, Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the format of tracepoint " + category + ":" + event + " (" + file
                + "): " + e.getMessage(), e);
        }
    }

    private static Path formatFile(String category, String event) {
        return root().resolve("events").resolve(name("category", category)).resolve(name("event", event)).resolve("format");
    }

    private static String name(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.contains("/") || value.equals("..") || value.equals(".")) {
            throw new IllegalArgumentException("tracepoint " + what + " must be a non-empty name without '/': '" + value + "'");
        }
        return value;
    }

    /**
     * Parses the text of a format file.
     *
     * @param category the tracepoint's category; not null
     * @param event the tracepoint's name; not null
     * @param lines the file's lines; not null
     * @return the format
     * @throws IllegalArgumentException if there is no {@code ID:} line
     */
    public static TraceEventFormat parse(String category, String event, List<String> lines) {
        Objects.requireNonNull(lines, "lines");
        int id = -1;
        List<TraceEventFormat.Field> fields = new ArrayList<>();
        for (String line : lines) {
            Matcher m = ID.matcher(line);
            if (m.matches()) {
                id = Integer.parseInt(m.group(1));
                continue;
            }
            Matcher f = FIELD.matcher(line);
            if (f.matches()) {
                fields.add(field(f.group(1).trim(), Integer.parseInt(f.group(2)), Integer.parseInt(f.group(3)),
                    f.group(4).equals("1")));
            }
        }
        if (id < 0) {
            throw new IllegalArgumentException("the format of tracepoint " + category + ":" + event + " has no ID line");
        }
        return new TraceEventFormat(category, event, id, fields);
    }

    /** Splits {@code unsigned long args[6]} into name {@code args} and type {@code unsigned long[6]}. */
    private static TraceEventFormat.Field field(String declaration, int offset, int size, boolean signed) {
        String decl = declaration;
        String array = "";
        int bracket = decl.indexOf('[');
        if (bracket >= 0 && decl.endsWith("]")) {
            array = decl.substring(bracket);
            decl = decl.substring(0, bracket).trim();
        }
        int split = Math.max(decl.lastIndexOf(' '), decl.lastIndexOf('*'));
        String name = split < 0 ? decl : decl.substring(split + 1);
        String type = split < 0 ? "" : decl.substring(0, split + 1).trim();
        return new TraceEventFormat.Field(name, type + array, offset, size, signed);
    }
}
