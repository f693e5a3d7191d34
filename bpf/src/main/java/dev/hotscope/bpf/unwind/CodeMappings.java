package dev.hotscope.bpf.unwind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The executable mappings of a process from {@code /proc/PID/maps}, searchable by address. Immutable. */
final class CodeMappings {
    private static final String DELETED = " (deleted)";

    /** One executable mapping; {@code cfi} is bound on first use. */
    static final class Mapping {
        final long start;
        final long end;
        final long offset;
        final String device;
        final long inode;
        /** The path, without " (deleted)"; empty for anonymous memory, bracketed for [vdso] and the like. */
        final String path;
        volatile EhFrame cfi;

        Mapping(long start, long end, long offset, String device, long inode, String path) {
            this.start = start;
            this.end = end;
            this.offset = offset;
            this.device = device;
            this.inode = inode;
            this.path = path.endsWith(DELETED) ? path.substring(0, path.length() - DELETED.length()) : path;
        }

        /** A mapped file, as opposed to anonymous memory (the JIT code cache) or a kernel pseudo-mapping. */
        boolean isFile() {
            return inode != 0 && path.startsWith("/");
        }

        boolean isVdso() {
            return path.equals("[vdso]");
        }

        @Override
        public String toString() {
            return Long.toHexString(start) + "-" + Long.toHexString(end) + " " + Long.toHexString(offset) + " " + path;
        }
    }

    private final long[] starts;
    private final Mapping[] mappings;

    private CodeMappings(List<Mapping> list) {
        list.sort((a, b) -> Long.compareUnsigned(a.start, b.start));
        mappings = list.toArray(new Mapping[0]);
        starts = new long[mappings.length];
        for (int i = 0; i < mappings.length; i++) {
            starts[i] = mappings[i].start;
        }
    }

    /** Reads a process's executable mappings; IOException if the process is gone. */
    static CodeMappings read(long pid) throws IOException {
        return parse(Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"), StandardCharsets.UTF_8));
    }

    /** Keeps the executable mappings of maps lines; malformed lines are skipped. */
    static CodeMappings parse(List<String> lines) {
        List<Mapping> list = new ArrayList<>();
        for (String line : lines) {
            Mapping m = parseLine(line);
            if (m != null) {
                list.add(m);
            }
        }
        return new CodeMappings(list);
    }

    /** {@code start-end perms offset dev inode [path]}; null unless well-formed and executable. */
    static Mapping parseLine(String line) {
        try {
            String[] fields = new String[5];
            int at = 0;
            for (int i = 0; i < fields.length; i++) {
                while (at < line.length() && line.charAt(at) == ' ') {
                    at++;
                }
                int end = line.indexOf(' ', at);
                end = end < 0 ? line.length() : end;
                fields[i] = line.substring(at, end);
                at = end;
            }
            while (at < line.length() && line.charAt(at) == ' ') {
                at++;
            }
            if (fields[1].length() < 3 || fields[1].charAt(2) != 'x') {
                return null;
            }
            int dash = fields[0].indexOf('-');
            return new Mapping(Long.parseUnsignedLong(fields[0].substring(0, dash), 16),
                Long.parseUnsignedLong(fields[0].substring(dash + 1), 16), Long.parseUnsignedLong(fields[2], 16),
                fields[3], Long.parseLong(fields[4]), line.substring(at));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The executable mapping containing an address, or null. */
    Mapping find(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (hi < 0) {
            return null;
        }
        Mapping m = mappings[hi];
        return Long.compareUnsigned(address, m.end) < 0 ? m : null;
    }

    /** All executable mappings in address order. */
    List<Mapping> mappings() {
        return List.of(mappings);
    }
}
