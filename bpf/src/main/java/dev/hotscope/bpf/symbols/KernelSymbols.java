package dev.hotscope.bpf.symbols;

import dev.hotscope.bpf.proc.Addresses;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The kernel's text symbols from {@code /proc/kallsyms}, read once per JVM and sorted. Without
 * privileges the kernel shows every address as zero and the table is empty. Each symbol is taken
 * to extend to the next one, but no further than {@link #MAX_EXTENT}: past the end of the kernel's
 * text or of a module there are gaps of gigabytes that no symbol covers.
 */
final class KernelSymbols {
    /** The lowest kernel address on x86-64. */
    static final long KERNEL_START = 0xffff800000000000L;
    /** The longest a kernel function is taken to be: the largest are some tens of kilobytes. */
    static final long MAX_EXTENT = 1 << 20;

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
        int n = 0;
        long[] addresses = new long[1 << 16];
        String[] names = new String[addresses.length];
        String[] modules = new String[addresses.length];
        try (BufferedReader reader = Files.newBufferedReader(kallsyms, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                // "ffffffff81000000 T _stext" or "ffffffffc0201000 t name\t[module]"
                int sp1 = line.indexOf(' ');
                if (sp1 <= 0 || sp1 + 3 >= line.length() || line.charAt(sp1 + 2) != ' '
                    || "TtWw".indexOf(line.charAt(sp1 + 1)) < 0) {
                    continue;
                }
                long address = Long.parseUnsignedLong(line, 0, sp1, 16);
                if (address == 0) {
                    continue; // hidden from unprivileged readers
                }
                int nameEnd = line.indexOf('\t', sp1 + 3);
                if (n == addresses.length) {
                    addresses = Arrays.copyOf(addresses, n * 2);
                    names = Arrays.copyOf(names, n * 2);
                    modules = Arrays.copyOf(modules, n * 2);
                }
                addresses[n] = address;
                names[n] = line.substring(sp1 + 3, nameEnd < 0 ? line.length() : nameEnd);
                modules[n] = nameEnd < 0 ? "[kernel]" : line.substring(nameEnd + 1).trim().intern();
                n++;
            }
        } catch (IOException | RuntimeException e) {
            return new KernelSymbols(new long[0], new String[0], new String[0]);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long[] a = addresses;
        Arrays.sort(order, (x, y) -> Long.compareUnsigned(a[x], a[y])); // stable: aliases keep file order
        long[] sortedAddresses = new long[n];
        String[] sortedNames = new String[n];
        String[] sortedModules = new String[n];
        for (int i = 0; i < n; i++) {
            sortedAddresses[i] = addresses[order[i]];
            sortedNames[i] = names[order[i]];
            sortedModules[i] = modules[order[i]];
        }
        return new KernelSymbols(sortedAddresses, sortedNames, sortedModules);
    }

    /** The symbol at or below an address, or -1. */
    int indexOf(long address) {
        return Addresses.floorIndex(starts, address);
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
