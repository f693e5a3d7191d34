package dev.hotscope.bpf.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An immutable snapshot of {@code /proc/PID/maps}, searchable by address. */
public final class ProcessMaps {
    private static final String DELETED = " (deleted)";

    /** One mapping, as the kernel lists it. */
    public static final class Mapping {
        /** The first address. */
        public final long start;
        /** The address after the last. */
        public final long end;
        /** Whether the memory is executable. */
        public final boolean executable;
        /** The file offset mapped at {@code start}. */
        public final long offset;
        /** The file's device, {@code major:minor} in hex. */
        public final String device;
        /** The file's inode; 0 for anonymous memory. */
        public final long inode;
        /** The path without " (deleted)"; empty for anonymous memory, bracketed for [vdso] and the like. */
        public final String path;
        /** Whether the file was deleted since it was mapped. */
        public final boolean deleted;
        /** The file name, or the kernel's pseudo-name such as {@code [vdso]}, or {@code [anon]}. */
        public final String module;
        /** What a {@link FileCache} bound to this mapping, so later lookups skip the cache. */
        volatile FileCache.Binding binding;

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

        /** Whether this maps a file, as opposed to anonymous memory (the JIT code cache) or a kernel pseudo-mapping. */
        public boolean isFile() {
            return inode != 0 && path.startsWith("/");
        }

        /** Whether this is the vDSO, whose image is read from the process's memory. */
        public boolean isVdso() {
            return path.equals("[vdso]");
        }

        /** Whether this is executable memory no file backs: where the JVM puts its code cache. */
        public boolean isAnonymousCode() {
            return executable && (path.isEmpty() || path.startsWith("[anon"));
        }

        /** Whether both map the same range of the same file, so what was parsed for one holds for the other. */
        boolean sameAs(Mapping o) {
            return start == o.start && end == o.end && inode == o.inode && offset == o.offset && path.equals(o.path);
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

        @Override
        public String toString() {
            return Long.toHexString(start) + "-" + Long.toHexString(end) + " " + Long.toHexString(offset) + " " + path;
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
     * @param pid the process id
     * @return the mappings
     * @throws IOException if the file cannot be read, e.g. the process has exited
     */
    public static ProcessMaps read(long pid) throws IOException {
        return parse(Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"), StandardCharsets.UTF_8));
    }

    /**
     * Parses the lines of a maps file; malformed lines are skipped.
     *
     * @param lines the lines
     * @return the mappings
     */
    public static ProcessMaps parse(List<String> lines) {
        List<Mapping> list = new ArrayList<>(lines.size());
        for (String line : lines) {
            Mapping m = parseLine(line);
            if (m != null) {
                list.add(m);
            }
        }
        return new ProcessMaps(list);
    }

    /** {@code start-end perms offset dev inode [path]}; the path may contain spaces. Null if malformed. */
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

    /**
     * The mapping containing an address.
     *
     * @param address the address
     * @return the mapping, or null
     */
    public Mapping find(long address) {
        int i = Addresses.floorIndex(starts, address);
        if (i < 0) {
            return null;
        }
        Mapping m = mappings[i];
        return Long.compareUnsigned(address, m.end) < 0 ? m : null;
    }

    /** All mappings in address order. */
    public List<Mapping> mappings() {
        return List.of(mappings);
    }

    /** The executable mappings only (the same {@link Mapping} objects), for walks that only meet code. */
    public ProcessMaps executableOnly() {
        List<Mapping> code = new ArrayList<>();
        for (Mapping m : mappings) {
            if (m.executable) {
                code.add(m);
            }
        }
        return new ProcessMaps(code);
    }

    /** Gives each mapping that {@code old} holds unchanged the values bound to it there, so re-reading the maps re-parses nothing. */
    void keepBindings(ProcessMaps old) {
        for (Mapping m : mappings) {
            Mapping before = old.find(m.start);
            if (before != null && before.sameAs(m)) {
                m.binding = before.binding;
            }
        }
    }
}
