package dev.hotscope.lab.bpftrace;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads bpftrace 0.17's {@code -f json} stdout, one line at a time: {@code {"type": ..., "data": ...}} per
 * line. Text outputs ({@code printf}, {@code time}, {@code cat}, {@code print} of a value, ...) are joined
 * and split into lines, which go to the live consumer as they complete. Maps are kept by name, the last
 * print winning. bpftrace writes two blank lines before it dumps the maps on exit, so maps printed before
 * them ({@code print(@x)} in the script) are also shown as text lines, and the exit dump is not.
 */
final class OutputParser {
    private static final Gson GSON = new Gson();

    private final Consumer<String> live;
    private final List<String> printed = new ArrayList<>();
    /** Lines of the current stdout line not yet given to the live consumer, which is called outside the parsing. */
    private final List<String> unsent = new ArrayList<>();
    private final Map<String, Object> maps = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final StringBuilder partialLine = new StringBuilder();
    private long lost;
    private boolean attached;
    private boolean exitDump;

    OutputParser(Consumer<String> live) {
        this.live = live;
    }

    /** Takes one stdout line (without its line break). */
    void accept(String line) {
        if (line.isBlank()) {
            exitDump |= attached;
            return;
        }
        JsonObject event = parse(line);
        if (event == null) {
            // Not JSON: bpftrace's own remarks, e.g. "No probes to attach" (0.17 writes it to stdout).
            problems.add(line.strip());
            return;
        }
        String type = event.has("type") ? event.get("type").getAsString() : "";
        JsonElement data = event.has("data") ? event.get("data") : null;
        if (data == null) {
            problems.add("bpftrace printed JSON without data: " + line);
            return;
        }
        try {
            dispatch(type, data);
        } catch (RuntimeException e) {
            // A shape this parser does not know must not cost the maps already read.
            problems.add("could not read bpftrace's output (" + e.getMessage() + "): " + line);
        }
        send();
    }

    /** Gives the new lines to the live consumer; what it throws goes to the caller. */
    private void send() {
        List<String> lines = List.copyOf(unsent);
        unsent.clear();
        lines.forEach(live);
    }

    private void dispatch(String type, JsonElement data) {
        switch (type) {
            case "attached_probes":
                attached = true;
                break;
            case "lost_events":
                lost += MapValues.number(data.getAsJsonObject().get("events"));
                break;
            case "map":
            case "hist":
            case "stats":
                for (Map.Entry<String, JsonElement> e : data.getAsJsonObject().entrySet()) {
                    keepMap(type, e.getKey(), e.getValue());
                }
                break;
            case "value":
                text((data.isJsonPrimitive() ? data.getAsString() : data.toString()) + "\n");
                break;
            default:
                if (data.isJsonPrimitive()) {
                    text(data.getAsString()); // printf, time, cat, syscall, join: text as bpftrace would print it
                } else {
                    problems.add("bpftrace " + type + ": " + data);
                }
        }
    }

    private void keepMap(String type, String name, JsonElement json) {
        Object value = MapValues.of(type, name, json);
        maps.put(name, value);
        if (!exitDump) {
            MapText.lines(name, value).forEach(this::emit);
        }
    }

    private void text(String chunk) {
        int start = 0;
        for (int nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
            partialLine.append(chunk, start, nl);
            String line = partialLine.toString();
            partialLine.setLength(0);
            emit(line);
            start = nl + 1;
        }
        partialLine.append(chunk, start, chunk.length());
    }

    private void emit(String line) {
        printed.add(line);
        unsent.add(line);
    }

    private static JsonObject parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            JsonElement e = GSON.fromJson(ByteEscapes.repair(line), JsonElement.class);
            return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null;
        }
    }

    /** Ends the output: a last line printed without a line break is shown too. */
    void finish() {
        if (partialLine.length() > 0) {
            String line = partialLine.toString();
            partialLine.setLength(0);
            emit(line);
            send();
        }
    }

    /** Whether bpftrace said it attached its probes, i.e. it accepted the script. */
    boolean attached() {
        return attached;
    }

    List<String> printed() {
        return printed;
    }

    Map<String, Object> maps() {
        return maps;
    }

    /** Non-JSON or unexpected lines from stdout, as bpftrace wrote them. */
    List<String> problems() {
        return problems;
    }

    long lost() {
        return lost;
    }
}
