package dev.hotscope.usdt.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the running kernel can do for probe sites, read once per JVM. */
public final class KernelFeatures {
    private KernelFeatures() {}

    private static final int[] FIRST_OPTIMIZING_RELEASE = {6, 18};

    private static volatile Boolean optimizedUprobes;

    /**
     * Whether uprobes on a five-byte nop are optimized into a call (x86-64, Linux 6.18 and
     * kernels that carry the feature, recognised by {@code arch_uprobe_optimize} in kallsyms).
     */
    public static boolean hasOptimizedUprobes() {
        Boolean known = optimizedUprobes;
        if (known == null) {
            known = isX86_64() && (releaseAtLeast(kernelRelease(), FIRST_OPTIMIZING_RELEASE)
                || kallsymsHas("arch_uprobe_optimize"));
            optimizedUprobes = known;
        }
        return known;
    }

    /** The kernel release string, e.g. {@code 6.18.44-generic}, or "" when unknown. */
    public static String kernelRelease() {
        // Read a line, not the "whole file": procfs reports size 0 and some JDKs then read short.
        try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/sys/kernel/osrelease"))) {
            String line = in.readLine();
            return line == null ? "" : line.trim();
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.version", "");
        }
    }

    static boolean releaseAtLeast(String release, int[] wanted) {
        String[] parts = release.split("[.-]", 3);
        for (int i = 0; i < wanted.length; i++) {
            int have = i < parts.length ? leadingNumber(parts[i]) : 0;
            if (have != wanted[i]) {
                return have > wanted[i];
            }
        }
        return true;
    }

    private static int leadingNumber(String s) {
        int n = 0;
        for (int i = 0; i < s.length() && Character.isDigit(s.charAt(i)); i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }

    private static boolean isX86_64() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    private static boolean kallsymsHas(String symbol) {
        String suffix = " " + symbol;
        try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/kallsyms"), StandardCharsets.US_ASCII)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.endsWith(suffix)) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // No kallsyms (locked down or not Linux): treat the feature as absent.
        }
        return false;
    }
}
