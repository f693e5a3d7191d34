package dev.hotscope.bench.overhead;

import java.util.HashMap;
import java.util.Map;

/** What one wrk run reported through the bench's Lua script; latencies in microseconds. */
record WrkResult(long requests, double seconds, long errors, double p50, double p99, double p999, double max) {
    /** The line's first word; the rest is key=value pairs. */
    static final String MARKER = "HOTSCOPE-BENCH";

    /** Requests per second. */
    double throughput() {
        return requests / seconds;
    }

    /**
     * Parses wrk's output.
     *
     * @param output everything wrk printed
     * @throws IllegalStateException when no line of the script is in it
     */
    static WrkResult parse(String output) {
        for (String line : output.split("\n")) {
            if (line.startsWith(MARKER + " ")) {
                Map<String, String> kv = new HashMap<>();
                for (String pair : line.substring(MARKER.length() + 1).trim().split(" ")) {
                    int eq = pair.indexOf('=');
                    kv.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                long errors = 0;
                for (String k : new String[] {"connect_errors", "read_errors", "write_errors", "timeouts", "non2xx"}) {
                    errors += Long.parseLong(kv.get(k));
                }
                return new WrkResult(Long.parseLong(kv.get("requests")), Long.parseLong(kv.get("duration_us")) / 1e6,
                    errors, d(kv, "p50_us"), d(kv, "p99_us"), d(kv, "p999_us"), d(kv, "max_us"));
            }
        }
        throw new IllegalStateException("wrk printed no '" + MARKER + "' line (is the Lua script's done() running?)");
    }

    private static double d(Map<String, String> kv, String key) {
        return Double.parseDouble(kv.get(key));
    }
}
