package dev.hotscope.lab.bpftrace;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.hotscope.lab.Histogram;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the {@code data} of one bpftrace JSON map line into Java values: numbers become {@code Long} (u64
 * values above {@code Long.MAX_VALUE} keep their bits, so read them with {@link Long#toUnsignedString}),
 * strings {@code String}, tuples {@code List<Object>}, {@code stats()} {@link Stats}, {@code hist()} and
 * {@code lhist()} histograms, and keyed maps {@code Map<String, ...>} (keys as bpftrace prints them,
 * {@code "1,x"} for a multi-part key), largest value first when the values are numbers.
 */
final class MapValues {
    private static final Set<String> STATS_FIELDS = Set.of("count", "average", "total");

    private MapValues() {}

    /**
     * Returns the value of one map.
     *
     * @param type the line's type: {@code map}, {@code hist} or {@code stats}
     * @param name the map's name, with its {@code @}
     */
    static Object of(String type, String name, JsonElement value) {
        switch (type) {
            case "hist":
                return value.isJsonArray() ? histogram(name, value.getAsJsonArray()) : keyedHistograms(name, value);
            case "stats":
                if (isStats(value)) {
                    return stats(value.getAsJsonObject());
                }
                return value.isJsonObject() ? keyed(value, MapValues::statsOrNumber) : plain(value); // avg()
            default:
                return value.isJsonObject() ? keyed(value, MapValues::plain) : plain(value);
        }
    }

    private static Map<String, Object> keyedHistograms(String name, JsonElement value) {
        Map<String, Object> byKey = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
            byKey.put(e.getKey(), histogram(name + "[" + e.getKey() + "]", e.getValue().getAsJsonArray()));
        }
        return Collections.unmodifiableMap(byKey);
    }

    static Histogram histogram(String title, JsonArray entries) {
        List<Histogram.Bucket> buckets = new ArrayList<>();
        for (JsonElement entry : entries) {
            JsonObject o = entry.getAsJsonObject();
            // bpftrace leaves out the bound of an open-ended bucket: no min below the lowest, no max above the highest.
            long low = o.has("min") ? number(o.get("min")) : Long.MIN_VALUE;
            long high = o.has("max") ? number(o.get("max")) + 1 : Long.MAX_VALUE;
            buckets.add(new Histogram.Bucket(low, high, number(o.get("count"))));
        }
        // bpftrace does not know the unit, and map updates are never lost (only output events are).
        return new Histogram(title, "", isLog2(buckets), buckets, 0);
    }

    /** Whether every closed bucket is one of hist()'s: [0], [1] or [2^k, 2^(k+1)); lhist's are of equal width. */
    private static boolean isLog2(List<Histogram.Bucket> buckets) {
        boolean anyClosed = false;
        for (Histogram.Bucket b : buckets) {
            if (b.low() == Long.MIN_VALUE || b.high() == Long.MAX_VALUE) {
                continue;
            }
            anyClosed = true;
            long width = b.high() - b.low();
            boolean single = width == 1 && (b.low() == 0 || b.low() == 1);
            boolean power = b.low() > 1 && Long.bitCount(b.low()) == 1 && width == b.low();
            if (!single && !power) {
                return false;
            }
        }
        return anyClosed;
    }

    private static boolean isStats(JsonElement value) {
        return value.isJsonObject() && value.getAsJsonObject().keySet().equals(STATS_FIELDS)
            && value.getAsJsonObject().get("count").isJsonPrimitive();
    }

    private static Object statsOrNumber(JsonElement value) {
        return isStats(value) ? stats(value.getAsJsonObject()) : plain(value);
    }

    private static Stats stats(JsonObject o) {
        return new Stats(number(o.get("count")), number(o.get("average")), number(o.get("total")));
    }

    private static Map<String, Object> keyed(JsonElement value, Function<JsonElement, Object> each) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
            entries.add(Map.entry(e.getKey(), each.apply(e.getValue())));
        }
        if (entries.stream().allMatch(e -> e.getValue() instanceof Long)) {
            entries.sort(Comparator.comparing((Map.Entry<String, Object> e) -> (Long) e.getValue()).reversed());
        }
        Map<String, Object> map = new LinkedHashMap<>();
        entries.forEach(e -> map.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(map);
    }

    private static Object plain(JsonElement value) {
        if (value.isJsonArray()) {
            List<Object> tuple = new ArrayList<>();
            value.getAsJsonArray().forEach(v -> tuple.add(plain(v)));
            return Collections.unmodifiableList(tuple);
        }
        if (value.isJsonObject()) {
            return keyed(value, MapValues::plain);
        }
        if (value.isJsonNull()) {
            return "";
        }
        JsonPrimitive p = value.getAsJsonPrimitive();
        return p.isNumber() ? (Object) number(p) : p.getAsString();
    }

    static long number(JsonElement value) {
        String text = value.getAsString();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            // u64 above Long.MAX_VALUE; a fraction (not produced by 0.17) is truncated.
            return text.matches("-?\\d+") ? new BigInteger(text).longValue() : (long) Double.parseDouble(text);
        }
    }
}
