package dev.hotscope.bpf.threads;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the thread headers of HotSpot's {@code Thread.print} output. Handles the forms of JDK 8
 * to 25: {@code "name" #12 daemon prio=5 os_prio=0 ... tid=0x... nid=0x1a2b ...} (nid in hex up to
 * JDK 18, decimal from 19), {@code "name" #12 [4567] daemon prio=5 ...} (JDK 21+, bracketed OS tid)
 * and internal threads without {@code #id} or {@code prio=}.
 */
final class ThreadDumpParser {
    /** One thread header. {@code javaId} is -1 for JVM-internal threads. */
    record Header(String name, long javaId, long tid, boolean daemon) {}

    // The name is greedy so a name containing '"' ends at the last quote before the fixed fields.
    private static final Pattern HEADER = Pattern.compile(
        "^\"(.*)\" (?:#(\\d+) )?(?:\\[(\\d+)\\] )?(daemon )?(?:prio=-?\\d+ )?os_prio=-?\\d+ .*?\\bnid=(0x[0-9a-fA-F]+|\\d+)\\b");

    private ThreadDumpParser() {}

    /**
     * Parses every thread header in a dump; other lines are ignored.
     *
     * @param dump the output of {@code Thread.print}; not null
     * @return the headers in dump order; never null
     */
    static List<Header> parse(String dump) {
        List<Header> headers = new ArrayList<>();
        for (String line : dump.split("\n")) {
            if (line.startsWith("\"")) {
                Header h = parseLine(line);
                if (h != null) {
                    headers.add(h);
                }
            }
        }
        return headers;
    }

    /** The header on one line, or null if the line is not one. */
    static Header parseLine(String line) {
        Matcher m = HEADER.matcher(line);
        if (!m.find()) {
            return null;
        }
        try {
            long tid;
            if (m.group(3) != null) {
                tid = Long.parseLong(m.group(3));
            } else {
                String nid = m.group(5);
                tid = nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid);
            }
            long javaId = m.group(2) == null ? -1 : Long.parseLong(m.group(2));
            return new Header(m.group(1), javaId, tid, m.group(4) != null);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
