package dev.hotscope.bpf.probe;

import dev.hotscope.bpf.tracefs.TraceEvents;
import dev.hotscope.usdt.ProcessProbes;
import dev.hotscope.usdt.UsdtProbeInfo;
import dev.hotscope.usdt.elf.ElfReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/** What can be probed here: tracepoints, a process's USDT probes, a library's functions; and the names nearest a misspelt one. */
public final class ProbeCatalog {
    private static final int STT_FUNC = 2;
    private static final int STT_GNU_IFUNC = 10;

    private ProbeCatalog() {}

    /**
     * Every tracepoint, as {@code category:event}, sorted.
     *
     * @return the names; unmodifiable
     * @throws UncheckedIOException if tracefs cannot be read
     */
    public static List<String> tracepoints() {
        return List.copyOf(new TreeSet<>(TraceEvents.list()));
    }

    /**
     * The USDT probes of every file a process maps, as {@code provider:name}, sorted, each once.
     *
     * @param pid the process
     * @return the names; unmodifiable
     * @throws UncheckedIOException if the process does not exist or its files cannot be read
     */
    public static List<String> usdtProbes(long pid) {
        try {
            TreeSet<String> names = new TreeSet<>();
            for (UsdtProbeInfo p : ProcessProbes.list(pid)) {
                names.add(p.provider() + ":" + p.name());
            }
            return List.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the USDT probes of process " + pid + ": " + e.getMessage(), e);
        }
    }

    /**
     * The functions of an ELF file ({@code .dynsym} and {@code .symtab}, defined ones only), sorted, each once.
     *
     * @param library the file; not null
     * @return the names, without symbol versions; unmodifiable
     * @throws UncheckedIOException if the file cannot be read or is not ELF
     */
    public static List<String> symbols(Path library) {
        Objects.requireNonNull(library, "library");
        try (ElfReader elf = ElfReader.open(library)) {
            TreeSet<String> names = new TreeSet<>();
            for (ElfReader.Symbol s : elf.symbols()) {
                if (isFunction(s)) {
                    names.add(plainName(s.name()));
                }
            }
            return List.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the symbols of " + library + ": " + e.getMessage(), e);
        }
    }

    static boolean isFunction(ElfReader.Symbol s) {
        return (s.type() == STT_FUNC || s.type() == STT_GNU_IFUNC) && s.value() != 0 && !s.name().isEmpty();
    }

    /** {@code malloc@@GLIBC_2.2.5} → {@code malloc}. */
    static String plainName(String symbol) {
        int at = symbol.indexOf('@');
        return at > 0 ? symbol.substring(0, at) : symbol;
    }

    /**
     * The names nearest a wanted one, best first: equal ignoring case, then by edit distance
     * (whole name or the part after the last ':'), names containing the wanted one ranked just
     * after one-letter typos. Names farther than half the wanted length are left out.
     *
     * @param wanted the misspelt name; not null
     * @param names the existing names; not null
     * @param max how many at most, not negative
     * @return up to {@code max} names; a new list
     * @throws IllegalArgumentException if max is negative
     */
    public static List<String> nearest(String wanted, Collection<String> names, int max) {
        Objects.requireNonNull(wanted, "wanted");
        Objects.requireNonNull(names, "names");
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative: " + max);
        }
        String w = wanted.toLowerCase(Locale.ROOT);
        String wTail = tail(w);
        int limit = Math.max(3, Math.max(w.length(), wTail.length()) / 2);
        List<Scored> scored = new ArrayList<>();
        for (String name : names) {
            int score = score(w, wTail, name.toLowerCase(Locale.ROOT), limit);
            if (score >= 0) {
                scored.add(new Scored(name, score));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::score).thenComparing(Scored::name));
        List<String> best = new ArrayList<>();
        for (Scored s : scored) {
            if (best.size() >= max) {
                break;
            }
            if (!best.contains(s.name())) {
                best.add(s.name());
            }
        }
        return best;
    }

    private record Scored(String name, int score) {}

    /** Lower is nearer; -1 for too far. Distance d scores d × 1000; containing the wanted name, 1500 + extra length. */
    private static int score(String w, String wTail, String n, int limit) {
        if (n.equals(w)) {
            return 0;
        }
        String nTail = tail(n);
        int distance = Math.min(distance(w, n, limit), distance(wTail, nTail, limit));
        int best = distance <= limit ? distance * 1000 : -1;
        if (n.contains(w) || (wTail.length() >= 3 && nTail.contains(wTail))) {
            int contained = 1500 + Math.min(499, n.length() - w.length());
            best = best < 0 ? contained : Math.min(best, contained);
        }
        return best;
    }

    private static String tail(String name) {
        return name.substring(name.lastIndexOf(':') + 1);
    }

    /** Levenshtein distance, or limit + 1 as soon as it must exceed the limit. */
    private static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= b.length(); j++) {
                int cost = ca == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
