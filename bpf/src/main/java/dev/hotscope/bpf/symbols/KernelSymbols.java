package dev.hotscope.bpf.symbols;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kernel's text symbols from {@code /proc/kallsyms}, read once per JVM and sorted. Without
 * privileges the kernel shows every address as zero and the table is empty. Each symbol is taken
 * to extend to the next one.
 */
final class KernelSymbols {
    /** The lowest kernel address on x86-64. */
    static final long KERNEL_START = 0xffff800000000000L;

    private static volatile KernelSymbols instance;

    private final long[] starts;
    private final String[] names;
    private final String[] modules;

    private KernelSymbols(long[] starts, String[] names, String[] modules) {
        this.starts = starts;
        this.names = names;
        this.modules = modules;
    }

    /** The shared table, read on first use. */
    static KernelSymbols get() {
        KernelSymbols k = instance;
        if (k == null) {
            synchronized (KernelSymbols.class) {
                k = instance;
                if (k == null) {
                    k = read(Path.of("/proc/kallsyms"));
                    instance = k;
                }
            }
        }
        return k;
    }

    /** Reads a kallsyms file; an unreadable one gives an empty table. */
    static KernelSymbols read(Path kallsyms) {
        List<String[]> entries = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(kallsyms, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] f = line.split("[ \t]+");
                if (f.length < 3 || f[1].length() != 1 || "TtWw".indexOf(f[1].charAt(0)) < 0) {
                    continue;
                }
                String module = f.length > 3 && f[3].startsWith("[") ? f[3] : "[kernel]";
                entries.add(new String[] {f[0], f[2], module});
            }
        } catch (IOException | RuntimeException e) {
            return new KernelSymbols(new long[0], new String[0], new String[0]);
        }
        long[][] order = new long[entries.size()][];
        int n = 0;
        for (int i = 0; i < entries.size(); i++) {
            try {
                long address = Long.parseUnsignedLong(entries.get(i)[0], 16);
                if (address != 0) {
                    order[n++] = new long[] {address, i};
                }
            } catch (NumberFormatException e) {
                // skip
            }
        }
        order = Arrays.copyOf(order, n);
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(a[0], b[0]));
        long[] starts = new long[n];
        String[] names = new String[n];
        String[] modules = new String[n];
        for (int i = 0; i < n; i++) {
            String[] e = entries.get((int) order[i][1]);
            starts[i] = order[i][0];
            names[i] = e[1];
            modules[i] = e[2].intern();
        }
        return new KernelSymbols(starts, names, modules);
    }

    /** The symbol at or below an address, or -1. */
    int indexOf(long address) {
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
        return hi;
    }

    long start(int i) {
        return starts[i];
    }

    String name(int i) {
        return names[i];
    }

    String module(int i) {
        return modules[i];
    }

    int size() {
        return starts.length;
    }
}
