package dev.hotscope.bench.bpf;

import dev.hotscope.bpf.symbols.Frame;
import dev.hotscope.bpf.symbols.FrameKind;
import dev.hotscope.bpf.symbols.Symbolizer;
import dev.hotscope.bpf.threads.DiagnosticCommands;
import dev.hotscope.usdt.elf.ElfReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frames per second the {@link Symbolizer} names once it is warm: symbol tables read, perf map
 * read, every address seen once. The addresses are real ones of this JVM, one third each from
 * libjvm.so functions, libc functions and JIT-compiled code (the perf map the JVM writes on
 * {@code Compiler.perfmap}), at random offsets inside the functions, shuffled, and symbolized as
 * return addresses as the frames of a stack trace are. One operation is one frame.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SymbolizerBenchmark {
    /*
     * Lesson 12: distinct addresses cycled through. 1024 fit the symbolizer's
     * frame cache (8192 direct-mapped slots; a few share a slot and keep
     * evicting each other): the warm path, a hash lookup. 65536 cannot fit,
     * so nearly every frame is resolved again: the binary searches through
     * the mappings and the module's symbols (or the perf map) and a new
     * Frame, still with no I/O. Real profiles sit in between.
     */
    @Param({"1024", "65536"})
    int addresses;

    Symbolizer symbolizer;
    long[] ring;
    int mask;
    int next;
    final Map<FrameKind, Integer> kinds = new EnumMap<>(FrameKind.class);

    @Setup(Level.Trial)
    public void collect() throws Exception {
        long self = ProcessHandle.current().pid();
        DiagnosticCommands.executeInProcess("Compiler.perfmap"); // writes /tmp/perf-PID.map now
        // No perf map requests while measuring: every address below resolves, so none is needed.
        symbolizer = Symbolizer.forProcess(self, false);
        Random random = new Random(42);
        int third = addresses / 3;
        List<Long> all = new ArrayList<>();
        all.addAll(moduleAddresses("libjvm.so", third, random));
        all.addAll(moduleAddresses("libc.so.6", third, random));
        all.addAll(jitAddresses(symbolizer.perfMapFile(), addresses - all.size(), random));
        Collections.shuffle(all, random);
        ring = new long[addresses];
        for (int i = 0; i < addresses; i++) {
            ring[i] = all.get(i);
            Frame f = symbolizer.symbolizeReturnAddress(ring[i]);
            kinds.merge(f.kind(), 1, Integer::sum);
        }
        mask = addresses - 1;
        System.out.println("[symbolizer-bench] addresses=" + addresses + " kinds=" + kinds);
        if (kinds.containsKey(FrameKind.UNKNOWN)) {
            throw new IllegalStateException("some addresses did not symbolize: " + kinds);
        }
    }

    @Benchmark
    public Frame symbolizeReturnAddress() {
        return symbolizer.symbolizeReturnAddress(ring[next++ & mask]);
    }

    /** Return addresses inside {@code count} functions of a mapped ELF file (with replacement). */
    private static List<Long> moduleAddresses(String module, int count, Random random) throws IOException {
        String[] mapping = executableMapping(module);
        long start = Long.parseUnsignedLong(mapping[0], 16);
        long end = Long.parseUnsignedLong(mapping[1], 16);
        long fileOffset = Long.parseUnsignedLong(mapping[2], 16);
        List<long[]> functions = new ArrayList<>(); // runtime start, size
        try (ElfReader elf = ElfReader.open(Path.of(mapping[3]))) {
            for (ElfReader.Symbol s : elf.symbols()) {
                if (s.type() == 2 && s.value() != 0 && s.size() >= 16) {
                    long offset = elf.fileOffsetOf(s.value());
                    if (offset >= fileOffset && offset + s.size() <= fileOffset + (end - start)) {
                        functions.add(new long[] {start + offset - fileOffset, s.size()});
                    }
                }
            }
        }
        if (functions.isEmpty()) {
            throw new IllegalStateException("no function symbols in " + mapping[3]);
        }
        List<Long> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long[] f = functions.get(random.nextInt(functions.size()));
            out.add(f[0] + 1 + random.nextInt((int) Math.min(f[1] - 1, Integer.MAX_VALUE)));
        }
        return out;
    }

    /** The executable mapping of a module: start, end, file offset, path. */
    private static String[] executableMapping(String module) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length == 6 && f[1].contains("x") && f[5].endsWith("/" + module)) {
                String[] range = f[0].split("-");
                return new String[] {range[0], range[1], f[2], f[5]};
            }
        }
        throw new IllegalStateException(module + " is not mapped executable");
    }

    private static long hex(String s) {
        return Long.parseUnsignedLong(s.startsWith("0x") ? s.substring(2) : s, 16);
    }

    /** Deletes the perf map this benchmark had the JVM write. */
    @TearDown(Level.Trial)
    public void removePerfMap() throws IOException {
        Files.deleteIfExists(symbolizer.perfMapFile());
    }

    /** Return addresses inside compiled methods of the perf map. */
    private static List<Long> jitAddresses(Path perfMap, int count, Random random) throws IOException {
        List<long[]> methods = new ArrayList<>();
        for (String line : Files.readAllLines(perfMap)) {
            String[] f = line.split(" ", 3);
            // Java methods have a signature, "int java.lang.Object.hashCode()"; stubs and blobs do not.
            if (f.length == 3 && f[2].contains("(")) {
                long size = hex(f[1]);
                if (size >= 16) {
                    methods.add(new long[] {hex(f[0]), size});
                }
            }
        }
        if (methods.isEmpty()) {
            throw new IllegalStateException("no compiled methods in " + perfMap);
        }
        List<Long> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long[] m = methods.get(random.nextInt(methods.size()));
            out.add(m[0] + 1 + random.nextInt((int) Math.min(m[1] - 1, Integer.MAX_VALUE)));
        }
        return out;
    }
}

/*
 * How to run: sudo bench/run-bpf.sh, or (no root needed)
 *   java -jar bench/target/benchmarks.jar SymbolizerBenchmark -p addresses=1024
 */
