package dev.hotscope.bpf.symbols;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An immutable, address-sorted perf map ({@code /tmp/perf-PID.map}): lines of
 * {@code START SIZE NAME} with hexadecimal numbers, with a {@code 0x} prefix (as recent JDKs write
 * them) or without (as older JDKs and most agents do). Malformed lines are skipped. Where entries
 * overlap, the one written later wins.
 */
final class PerfMap {
    static final PerfMap EMPTY = new PerfMap(new long[0], new long[0], new String[0], new boolean[0], new int[0]);
    private static final int ENCLOSING_SCAN = 8;

    private final long[] starts;
    private final long[] ends;
    private final String[] names;
    private final boolean[] interpreter;
    /** The line number of each entry: agents append, so a later line describes newer code. */
    private final int[] lines;

    private PerfMap(long[] starts, long[] ends, String[] names, boolean[] interpreter, int[] lines) {
        this.starts = starts;
        this.ends = ends;
        this.names = names;
        this.interpreter = interpreter;
        this.lines = lines;
    }

    /**
     * Parses a perf map.
     *
     * @throws IOException if reading fails
     */
    static PerfMap parse(BufferedReader reader) throws IOException {
        List<Object[]> entries = new ArrayList<>();
        String line;
        int order = 0;
        while ((line = reader.readLine()) != null) {
            int sp1 = line.indexOf(' ');
            int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
            if (sp2 < 0) {
                continue;
            }
            long start = hex(line, 0, sp1);
            long size = hex(line, sp1 + 1, sp2);
            if (start < 0 || size <= 0) {
                continue;
            }
            entries.add(new Object[] {start, size, line.substring(sp2 + 1), order++});
        }
        // by start; for equal starts the later line first, so it wins the lookup
        entries.sort((a, b) -> {
            int c = Long.compareUnsigned((Long) a[0], (Long) b[0]);
            return c != 0 ? c : Integer.compare((Integer) a[3], (Integer) b[3]);
        });
        int n = entries.size();
        long[] starts = new long[n];
        long[] ends = new long[n];
        String[] names = new String[n];
        boolean[] interpreter = new boolean[n];
        int[] lines = new int[n];
        for (int i = 0; i < n; i++) {
            Object[] e = entries.get(i);
            starts[i] = (Long) e[0];
            ends[i] = starts[i] + (Long) e[1];
            names[i] = (String) e[2];
            interpreter[i] = isInterpreter(names[i]);
            lines[i] = (Integer) e[3];
        }
        return new PerfMap(starts, ends, names, interpreter, lines);
    }

    /** HotSpot names the template interpreter's code blob "Interpreter"; methods have parentheses. */
    static boolean isInterpreter(String name) {
        return name.indexOf('(') < 0 && name.toLowerCase(Locale.ROOT).contains("interpreter");
    }

    /** The entry containing an address, the one written last if several do; or -1. */
    int indexOf(long address) {
        int i = Arrays.binarySearch(starts, address);
        if (i < 0) {
            i = -i - 2;
        } else {
            while (i + 1 < starts.length && starts[i + 1] == address) {
                i++;
            }
        }
        int found = -1;
        for (int j = i; j >= 0 && j > i - ENCLOSING_SCAN; j--) {
            if (address < ends[j] && address >= starts[j] && (found < 0 || lines[j] > lines[found])) {
                found = j;
            }
        }
        return found;
    }

    long start(int i) {
        return starts[i];
    }

    String name(int i) {
        return names[i];
    }

    boolean isInterpreter(int i) {
        return interpreter[i];
    }

    int size() {
        return starts.length;
    }

    /** Parses {@code [0x]hex} in {@code s[from, to)}; -1 if it is not a number. */
    private static long hex(String s, int from, int to) {
        if (to - from > 2 && s.charAt(from) == '0' && (s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X')) {
            from += 2;
        }
        if (to <= from || to - from > 16) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            value = (value << 4) | d;
        }
        return value;
    }
}
