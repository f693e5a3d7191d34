package dev.hotscope.tests.support;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The maps bpftrace prints when it exits: {@code @name[key]: value} and {@code @name: value}
 * lines, kept raw (one char per byte) so values cut inside a UTF-8 character can be joined again.
 */
public final class BpftraceMaps {
    private final Map<String, Map<String, String>> keyed = new LinkedHashMap<>();
    private final Map<String, String> scalars = new LinkedHashMap<>();
    private final List<String> output;

    private BpftraceMaps(List<String> lines) {
        this.output = List.copyOf(lines);
        for (String line : lines) {
            if (!line.startsWith("@")) {
                continue;
            }
            int bracket = line.indexOf('[');
            int colon = line.indexOf(": ");
            if (bracket > 0 && (colon < 0 || bracket < colon)) {
                int close = line.indexOf("]: ", bracket);
                if (close > 0) {
                    keyed.computeIfAbsent(line.substring(0, bracket), k -> new LinkedHashMap<>())
                        .put(line.substring(bracket + 1, close), line.substring(close + 3));
                }
            } else if (colon > 0) {
                scalars.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
    }

    /**
     * Parses bpftrace's standard output.
     *
     * @param lines raw lines
     * @return the maps found
     */
    public static BpftraceMaps parse(List<String> lines) {
        return new BpftraceMaps(lines);
    }

    /**
     * A keyed map, keys and values decoded as UTF-8, in the order printed.
     *
     * @param name the map's name with its {@code @}
     * @return key to value; empty if bpftrace printed no such map
     */
    public Map<String, String> keyed(String name) {
        Map<String, String> decoded = new LinkedHashMap<>();
        keyed.getOrDefault(name, Map.of()).forEach((k, v) -> decoded.put(OutputLines.utf8(k), OutputLines.utf8(v)));
        return decoded;
    }

    /**
     * A map without keys, decoded as UTF-8.
     *
     * @param name the map's name with its {@code @}
     * @return its value, or empty if not printed
     */
    public Optional<String> scalar(String name) {
        return Optional.ofNullable(scalars.get(name)).map(OutputLines::utf8);
    }

    /**
     * Joins the string values of a map keyed 0, 1, 2, ... as bytes, in key order: the pieces of a
     * string too long for one bpftrace string.
     *
     * @param name the map's name with its {@code @}
     * @return the bytes of all pieces, in order
     * @throws AssertionError if the keys are not exactly 0 to n-1
     */
    public byte[] joinedPieces(String name) {
        Map<String, String> pieces = keyed.getOrDefault(name, Map.of());
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < pieces.size(); i++) {
            String piece = pieces.get(Integer.toString(i));
            if (piece == null) {
                throw new AssertionError(name + " has keys " + pieces.keySet() + ", not 0 to " + (pieces.size() - 1));
            }
            raw.append(piece);
        }
        return raw.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** bpftrace's whole standard output, decoded as UTF-8, for assertion descriptions. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("bpftrace printed:\n");
        output.forEach(line -> text.append(OutputLines.utf8(line)).append('\n'));
        return text.toString();
    }
}
