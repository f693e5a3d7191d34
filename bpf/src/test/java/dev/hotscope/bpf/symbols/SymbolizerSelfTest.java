package dev.hotscope.bpf.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.kenai.jffi.Library;
import dev.hotscope.bpf.proc.ProcessMaps;
import dev.hotscope.bpf.proc.ProcessMaps.Mapping;
import dev.hotscope.bpf.threads.DiagnosticCommands;
import dev.hotscope.usdt.elf.ElfReader;
import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Symbolizes addresses of the test JVM itself. */
class SymbolizerSelfTest {
    private static final long SELF = ProcessHandle.current().pid();
    private static Symbolizer symbolizer;
    private static Path libjvm;

    @BeforeAll
    static void setUp() throws Exception {
        symbolizer = Symbolizer.forProcess(SELF);
        libjvm = NativeAddresses.mappedFile(SELF, "libjvm.so");
    }

    @Test
    void libcFunctionFoundByDlsym() throws Exception {
        long address = Library.getDefault().getSymbolAddress("getpid");
        Path libc = NativeAddresses.mappedFile(SELF, "libc.so.6");
        long value = NativeAddresses.symbolValue(libc, "getpid");
        assertThat(NativeAddresses.runtimeAddress(SELF, libc, value)).as("oracle agrees with dlsym").isEqualTo(address);

        Frame frame = symbolizer.symbolize(address + 3);

        assertThat(frame.kind()).isEqualTo(FrameKind.NATIVE);
        assertThat(frame.module()).isEqualTo("libc.so.6");
        assertThat(frame.function()).isIn(NativeAddresses.functionsAt(libc, value));
        assertThat(frame.offset()).isEqualTo(3);
        assertThat(frame.name()).isEqualTo(frame.function() + "+0x3");
        assertThat(frame.address()).isEqualTo(address + 3);
    }

    @Test
    void exportedLibjvmFunctionFoundByDlsym() throws Exception {
        long address = Library.getCachedInstance(libjvm.toString(), Library.LAZY).getSymbolAddress("JVM_CurrentTimeMillis");

        Frame frame = symbolizer.symbolize(address + 0x10);

        assertThat(frame).isEqualTo(new Frame(FrameKind.NATIVE, "JVM_CurrentTimeMillis", 0x10, "libjvm.so", address + 0x10));
        assertThat(frame.name()).isEqualTo("JVM_CurrentTimeMillis+0x10");
    }

    @Test
    void cxxFunctionsOfLibjvmRoundTripAndDemangleLikeCxxFilt() throws Exception {
        assumeTrue(CxxFilt.available(), "c++filt (binutils) is not installed");
        Map<Long, List<String>> aliases = new HashMap<>();
        Map<String, Long> sizes = new HashMap<>();
        for (ElfReader.Symbol s : NativeAddresses.symbols(libjvm)) {
            if (s.type() == 2 && s.value() != 0) {
                aliases.computeIfAbsent(s.value(), v -> new ArrayList<>()).add(s.name());
                sizes.merge(s.name(), s.size(), Math::max);
            }
        }
        List<String> sample = new ArrayList<>();
        for (String name : ItaniumDemanglerTest.sample(ItaniumDemanglerTest.cxxNames(libjvm, true), 500)) {
            if (sizes.getOrDefault(name, 0L) >= 8) {
                sample.add(name);
            }
        }
        String helper = "_ZN9JavaCalls11call_helperEP9JavaValueRK12methodHandleP17JavaCallArgumentsP10JavaThread";
        sample.add(helper);
        List<String> failures = new ArrayList<>();
        for (String name : sample) {
            long value = NativeAddresses.symbolValue(libjvm, name);
            List<String> names = aliases.get(value);
            List<String> expected = CxxFilt.demangle(names);
            Frame frame = symbolizer.symbolize(NativeAddresses.runtimeAddress(SELF, libjvm, value) + 5);
            if (frame.kind() != FrameKind.NATIVE || frame.offset() != 5 || !expected.contains(frame.function())
                || !frame.module().equals("libjvm.so")) {
                failures.add(name + " -> " + frame + ", expected one of " + expected);
            }
        }

        assertThat(failures).isEmpty();
        assertThat(sample).hasSizeGreaterThan(300);
        Frame callHelper = symbolizer.symbolize(
            NativeAddresses.runtimeAddress(SELF, libjvm, NativeAddresses.symbolValue(libjvm, helper)) + 0x2f);
        assertThat(callHelper.name()).isEqualTo(
            "JavaCalls::call_helper(JavaValue*, methodHandle const&, JavaCallArguments*, JavaThread*)+0x2f");
    }

    @Test
    void returnAddressesResolveToTheCallingFunction() throws Exception {
        // two functions back to back: a call ending the first returns to the start of the second
        TreeMap<Long, ElfReader.Symbol> byAddress = new TreeMap<>();
        for (ElfReader.Symbol s : NativeAddresses.symbols(libjvm)) {
            if (s.type() == 2 && s.size() > 0) {
                byAddress.putIfAbsent(s.value(), s);
            }
        }
        ElfReader.Symbol first = null;
        ElfReader.Symbol second = null;
        for (ElfReader.Symbol s : byAddress.values()) {
            ElfReader.Symbol next = byAddress.get(s.value() + s.size());
            if (next != null && s.name().startsWith("_Z") && NativeAddresses.functionsAt(libjvm, next.value()).size() == 1
                && NativeAddresses.functionsAt(libjvm, s.value()).size() == 1) {
                first = s;
                second = next;
                break;
            }
        }
        assertThat(first).isNotNull();
        long boundary = NativeAddresses.runtimeAddress(SELF, libjvm, second.value());

        Frame exact = symbolizer.symbolize(boundary);
        Frame returning = symbolizer.symbolizeReturnAddress(boundary);

        assertThat(exact.function()).isEqualTo(ItaniumDemangler.demangle(second.name()));
        assertThat(exact.offset()).isZero();
        assertThat(returning.function()).isEqualTo(ItaniumDemangler.demangle(first.name()));
        assertThat(returning.offset()).isEqualTo(first.size());
        assertThat(returning.address()).isEqualTo(boundary);

        Frame[] stack = new Frame[3];
        symbolizer.symbolizeStack(new long[] {boundary, boundary, boundary + 1, 99}, 3, stack);
        assertThat(stack).containsExactly(exact, returning, symbolizer.symbolizeReturnAddress(boundary + 1));
    }

    @Test
    void kernelAddressesAreNamedFromKallsyms() throws Exception {
        Map<Long, List<String>> byAddress = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/kallsyms"))) {
            r.lines().map(l -> l.split("\\s+")).filter(f -> f.length == 3 && "Tt".contains(f[1]))
                .forEach(f -> byAddress.computeIfAbsent(Long.parseUnsignedLong(f[0], 16), a -> new ArrayList<>()).add(f[2]));
        }
        assumeTrue(!byAddress.containsKey(0L) || byAddress.size() > 1, "kallsyms shows no addresses (not root?)");
        long address = byAddress.entrySet().stream().filter(e -> e.getValue().contains("do_sys_openat2")
            || e.getValue().contains("schedule")).findFirst().orElseThrow().getKey();

        Frame frame = symbolizer.symbolize(address + 4);

        assertThat(frame.kind()).isEqualTo(FrameKind.KERNEL);
        assertThat(frame.function()).isIn(byAddress.get(address));
        assertThat(frame.offset()).isEqualTo(4);
        assertThat(frame.module()).isEqualTo("[kernel]");
        assertThat(symbolizer.symbolizeReturnAddress(address + 1).function()).isIn(byAddress.get(address));
        long last = byAddress.keySet().stream().max(Long::compareUnsigned).orElseThrow();
        assertThat(symbolizer.symbolize(last + (64L << 20))).as("64 MiB past the last kernel symbol")
            .isEqualTo(new Frame(FrameKind.UNKNOWN, "[unknown]", -1, "[kernel]", last + (64L << 20)));
    }

    @Test
    void vdsoFunctionsAreNamedFromTheVdsoImageInMemory() throws Exception {
        Mapping vdso = ProcessMaps.read(SELF).mappings().stream().filter(m -> m.path.equals("[vdso]")).findFirst()
            .orElseThrow();
        ByteBuffer image = ByteBuffer.allocate((int) (vdso.end - vdso.start));
        try (FileChannel mem = FileChannel.open(Path.of("/proc/self/mem"), StandardOpenOption.READ)) {
            while (image.hasRemaining()) {
                mem.read(image, vdso.start + image.position());
            }
        }
        ElfReader elf = ElfReader.of(image.array(), "[vdso]");
        ElfReader.Symbol clock = elf.symbols().stream().filter(s -> s.name().equals("__vdso_clock_gettime"))
            .findFirst().orElseThrow();
        List<String> names = new ArrayList<>();
        elf.symbols().stream().filter(s -> s.value() == clock.value() && s.type() == 2).forEach(s -> names.add(s.name()));

        Frame frame = symbolizer.symbolize(vdso.start + elf.fileOffsetOf(clock.value()) + 2);

        assertThat(frame.kind()).isEqualTo(FrameKind.NATIVE);
        assertThat(frame.module()).isEqualTo("[vdso]");
        assertThat(frame.function()).isIn(names);
        assertThat(frame.offset()).isEqualTo(2);
    }

    @Test
    void addressesNothingNamesAreUnknownWithTheirModule() throws Exception {
        Mapping stack = ProcessMaps.read(SELF).mappings().stream().filter(m -> m.path.equals("[stack]")).findFirst()
            .orElseThrow();

        assertThat(symbolizer.symbolize(0x10)).isEqualTo(new Frame(FrameKind.UNKNOWN, "[unknown]", -1, "[unmapped]", 0x10));
        // 0 - 1 is the top of the kernel's range, which the last kernel symbol would otherwise claim
        assertThat(symbolizer.symbolizeReturnAddress(0)).isEqualTo(new Frame(FrameKind.UNKNOWN, "[unknown]", -1, "[unmapped]", 0));
        assertThat(symbolizer.symbolize(stack.start)).isEqualTo(
            new Frame(FrameKind.UNKNOWN, "[unknown]", -1, "[stack]", stack.start));
    }

    @Test
    void jitAndInterpreterFramesOfThisJvmComeFromAFreshPerfMap() throws Exception {
        Path perfMap = Path.of("/tmp/perf-" + SELF + ".map");
        try {
            Map.Entry<Long, Long> spin = awaitCompiled(perfMap, "SymbolizerSelfTest.hotMethod(");
            Map.Entry<Long, Long> interpreter = entry(perfMap, "Interpreter", true);
            Files.delete(perfMap); // only the symbolizer's own request can bring it back
            Symbolizer fresh = Symbolizer.forProcess(SELF);

            Frame jit = fresh.symbolize(spin.getKey() + spin.getValue() / 2);
            Frame interpreted = fresh.symbolizeReturnAddress(interpreter.getKey() + 0x20);

            assertThat(jit.kind()).isEqualTo(FrameKind.JAVA_JIT);
            assertThat(jit.name()).contains("dev.hotscope.bpf.symbols.SymbolizerSelfTest.hotMethod(long)");
            assertThat(jit.module()).isEqualTo("[codecache]");
            assertThat(interpreted).isEqualTo(new Frame(FrameKind.JAVA_INTERPRETED, "[interpreter]", -1, "[codecache]",
                interpreter.getKey() + 0x20));
            assertThat(fresh.perfMapFile()).exists();
            assertThat(fresh.perfMapProblem()).isEmpty();
        } finally {
            Files.deleteIfExists(perfMap);
        }
    }

    @Test
    void warmLookupsDoNotAllocate() throws Exception {
        long address = Library.getCachedInstance(libjvm.toString(), Library.LAZY).getSymbolAddress("JVM_CurrentTimeMillis");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Frame first = symbolizer.symbolize(address + 1);
        for (int i = 0; i < 20_000; i++) {
            symbolizer.symbolize(address + 1);
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        Frame last = null;
        for (int i = 0; i < 100_000; i++) {
            last = symbolizer.symbolize(address + 1);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(last).isSameAs(first);
        assertThat(allocated).as("bytes allocated by 100000 warm lookups").isLessThan(4096);
    }

    @Test
    void aMissingProcessIsAnIllegalArgument() {
        assertThatThrownBy(() -> Symbolizer.forProcess(999_999_999L))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("no process with pid 999999999");
    }

    static long hotMethod(long n) {
        long s = 0;
        for (long i = 0; i < n; i++) {
            s += i * 17 ^ (s >>> 5);
        }
        return s;
    }

    /** Runs {@link #hotMethod} until the JVM's perf map lists it compiled; returns its start and size. */
    private static Map.Entry<Long, Long> awaitCompiled(Path perfMap, String method) throws Exception {
        long sink = 0;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 2000; i++) {
                sink += hotMethod(1000);
            }
            DiagnosticCommands.executeInProcess("Compiler.perfmap");
            Map.Entry<Long, Long> e = entry(perfMap, method, false);
            if (e != null) {
                return e;
            }
        }
        throw new AssertionError(method + " was not compiled within 60 s (" + sink + ")");
    }

    /** The first perf map entry whose name contains (or is) {@code text}: start and size; or null. */
    static Map.Entry<Long, Long> entry(Path perfMap, String text, boolean exact) throws Exception {
        for (String line : Files.readAllLines(perfMap, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ", 3);
            if (f.length == 3 && (exact ? f[2].equals(text) : f[2].contains(text))) {
                return Map.entry(hex(f[0]), hex(f[1]));
            }
        }
        return null;
    }

    static long hex(String s) {
        return Long.parseUnsignedLong(s.startsWith("0x") ? s.substring(2) : s, 16);
    }
}
