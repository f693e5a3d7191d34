package dev.hotscope.bpf.symbols;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An immutable snapshot of {@code /proc/PID/maps}, searchable by address. */
final class ProcessMaps {
    private static final String DELETED = " (deleted)";

    /** One mapping. {@code symbols} is bound lazily by the symbolizer and shared by equal files. */
    static final class Mapping {
        final long start;
        final long end;
        final boolean executable;
        final long offset;
        final String device;
        final long inode;
        /** The path as the kernel shows it, without " (deleted)"; empty for anonymous memory. */
        final String path;
        final boolean deleted;
        /** The file name, or the kernel's pseudo-name such as {@code [vdso]}, or {@code [anon]}. */
        final String module;
        volatile ElfSymbols symbols;

        Mapping(long start, long end, boolean executable, long offset, String device, long inode, String path) {
            this.start = start;
            this.end = end;
            this.executable = executable;
            this.offset = offset;
            this.device = device;
            this.inode = inode;
            this.deleted = path.endsWith(DELETED);
            this.path = deleted ? path.substring(0, path.length() - DELETED.length()) : path;
            this.module = moduleName(this.path, inode);
        }

        /** Whether this is a mapping of a file (not anonymous memory or a kernel pseudo-mapping). */
        boolean isFile() {
            return inode != 0 && path.startsWith("/");
        }

        /** Whether this is executable memory no file backs: where the JVM puts its code cache. */
        boolean isAnonymousCode() {
            return executable && (path.isEmpty() || path.startsWith("[anon"));
        }

        private static String moduleName(String path, long inode) {
            if (path.isEmpty()) {
                return "[anon]";
            }
            if (path.startsWith("[") || inode == 0 && !path.startsWith("/")) {
                return path;
            }
            int slash = path.lastIndexOf('/');
            return slash < 0 ? path : path.substring(slash + 1);
        }
    }

    private final long[] starts;
    private final Mapping[] mappings;

    private ProcessMaps(List<Mapping> list) {
        list.sort((a, b) -> Long.compareUnsigned(a.start, b.start));
        mappings = list.toArray(new Mapping[0]);
        starts = new long[mappings.length];
        for (int i = 0; i < mappings.length; i++) {
            starts[i] = mappings[i].start;
        }
    }

    /**
     * Reads a process's mappings.
     *
     * @throws IOException if the file cannot be read, e.g. the process has exited
     */
    static ProcessMaps read(long pid) throws IOException {
        return parse(Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"), StandardCharsets.UTF_8));
    }

    /** Parses the lines of a maps file; malformed lines are skipped. */
    static ProcessMaps parse(List<String> lines) {
        List<Mapping> list = new ArrayList<>(lines.size());
        for (String line : lines) {
            Mapping m = parseLine(line);
            if (m != null) {
                list.add(m);
            }
        }
        return new ProcessMaps(list);
    }

    /** {@code start-end perms offset dev inode [path]}; the path may contain spaces. */
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
            int dash = fields[0].indexOf('-');
            String perms = fields[1];
            return new Mapping(Long.parseUnsignedLong(fields[0].substring(0, dash), 16),
                Long.parseUnsignedLong(fields[0].substring(dash + 1), 16),
                perms.length() > 2 && perms.charAt(2) == 'x', Long.parseUnsignedLong(fields[2], 16), fields[3],
                Long.parseLong(fields[4]), line.substring(at));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The mapping containing an address, or null. */
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

    /** All mappings in address order. */
    List<Mapping> mappings() {
        return List.of(mappings);
    }
}
