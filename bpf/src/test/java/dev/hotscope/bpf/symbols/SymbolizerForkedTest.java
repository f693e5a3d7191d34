package dev.hotscope.bpf.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hotscope.bpf.threads.DiagnosticCommands;
import dev.hotscope.bpf.threads.ForkedProcess;
import dev.hotscope.usdt.elf.ElfReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Symbolizes addresses of other processes: JVMs running hot loops, and C programs linked in unusual ways. */
class SymbolizerForkedTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    static Stream<Arguments> jdks() {
        return Stream.of(Arguments.of("17", ForkedProcess.JDK17), Arguments.of("25", ForkedProcess.JDK25));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("jdks")
    void jitInterpreterAndNativeFramesOfAnotherJvm(String version, Path jdk) throws Exception {
        assumeTrue(ForkedProcess.installed(jdk), "JDK " + version + " is not installed at " + jdk);
        try (ForkedProcess jvm = ForkedProcess.java(jdk, HotLoopTarget.class, "-XX:+PreserveFramePointer")) {
            jvm.readUntil("ready", STARTUP);
            Path perfMap = Path.of("/tmp/perf-" + jvm.pid() + ".map");
            Map.Entry<Long, Long> spin = awaitCompiled(jvm.pid(), perfMap, "HotLoopTarget.spin(long)");
            Map.Entry<Long, Long> interpreter = SymbolizerSelfTest.entry(perfMap, "Interpreter", true);
            List<String> lines = Files.readAllLines(perfMap, StandardCharsets.UTF_8);
            if (version.equals("25")) {
                assertThat(lines).allSatisfy(l -> assertThat(l).matches("0x[0-9a-f]+ 0x[0-9a-f]+ .+"));
            }
            Files.delete(perfMap); // the symbolizer must ask the JVM for a new one
            Symbolizer symbolizer = Symbolizer.forProcess(jvm.pid());

            Frame jit = symbolizer.symbolizeReturnAddress(spin.getKey() + spin.getValue() / 2);

            assertThat(jit.kind()).isEqualTo(FrameKind.JAVA_JIT);
            assertThat(jit.name()).contains("dev.hotscope.bpf.symbols.HotLoopTarget.spin(long)");
            assertThat(jit.module()).isEqualTo("[codecache]");
            assertThat(perfMap).exists();
            assertThat(symbolizer.symbolize(interpreter.getKey() + 1).kind()).isEqualTo(FrameKind.JAVA_INTERPRETED);

            Path libjvm = jdk.resolve("lib/server/libjvm.so").toRealPath();
            long helper = NativeAddresses.symbolValue(libjvm, "JVM_CurrentTimeMillis");
            Frame nativeFrame = symbolizer.symbolize(NativeAddresses.runtimeAddress(jvm.pid(), libjvm, helper) + 2);
            assertThat(nativeFrame).isEqualTo(new Frame(FrameKind.NATIVE, "JVM_CurrentTimeMillis", 2, "libjvm.so",
                nativeFrame.address()));
        }
    }

    @Test
    void perfMapIsOnlyReReadWhenAskingTheJvmIsOff() throws Exception {
        try (ForkedProcess jvm = ForkedProcess.java(ForkedProcess.JDK17, HotLoopTarget.class)) {
            jvm.readUntil("ready", STARTUP);
            Path perfMap = Path.of("/tmp/perf-" + jvm.pid() + ".map");
            Map.Entry<Long, Long> spin = awaitCompiled(jvm.pid(), perfMap, "HotLoopTarget.spin(long)");
            Files.delete(perfMap);
            Symbolizer symbolizer = Symbolizer.forProcess(jvm.pid(), false);

            assertThat(symbolizer.symbolize(spin.getKey()).kind()).isEqualTo(FrameKind.UNKNOWN);
            assertThat(perfMap).doesNotExist();
            DiagnosticCommands.execute(jvm.pid(), "Compiler.perfmap");
            symbolizer.refresh();
            assertThat(symbolizer.symbolize(spin.getKey()).name()).contains("HotLoopTarget.spin(long)");
        }
    }

    /**
     * Load bias: executables and libraries whose segments' virtual addresses differ from their file
     * offsets, loaded at a fixed or a random base. The programs print their functions' addresses.
     */
    @Test
    void nativeFramesOfProgramsLinkedAtUnusualAddresses(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed");
        Path lib = dir.resolve("libhotscopeshifted.so");
        Files.writeString(dir.resolve("lib.c"), "__attribute__((noinline)) int hotscope_lib_target(int x) {\n"
            + "  volatile int y = x; for (int i = 0; i < 100; i++) y += i; return y; }\n");
        Files.writeString(dir.resolve("main.c"), "#include <stdio.h>\n#include <unistd.h>\n"
            + "int hotscope_lib_target(int);\n"
            + "__attribute__((noinline)) int hotscope_target(int x) {\n"
            + "  volatile int y = x; for (int i = 0; i < 100; i++) y += i; return y; }\n"
            + "int main(void) { printf(\"%p %p\\n\", (void*) &hotscope_target, (void*) &hotscope_lib_target);\n"
            + "  fflush(stdout); while (read(0, &(char){0}, 1) > 0) {} return hotscope_target(1); }\n");
        gcc(dir, "-shared", "-fPIC", "-Wl,-Ttext-segment=0x100000", "-o", lib.toString(), "lib.c");
        assertShifted(lib);
        Map<String, List<String>> variants = Map.of(
            "nopie", List.of("-no-pie"),
            "pie", List.of("-pie", "-fPIE"),
            "pie-shifted", List.of("-pie", "-fPIE", "-Wl,-Ttext-segment=0x200000"));
        for (Map.Entry<String, List<String>> v : variants.entrySet()) {
            Path exe = dir.resolve("target-" + v.getKey());
            List<String> args = new ArrayList<>(v.getValue());
            args.addAll(List.of("-o", exe.toString(), "main.c", "-L" + dir, "-lhotscopeshifted", "-Wl,-rpath," + dir));
            gcc(dir, args.toArray(new String[0]));
            if (!v.getKey().equals("pie")) {
                assertShifted(exe);
            }
            try (ForkedProcess p = ForkedProcess.start(List.of(exe.toString()))) {
                String[] addresses = p.readLine(STARTUP).split(" ");
                long main = Long.decode(addresses[0]);
                long inLib = Long.decode(addresses[1]);
                Symbolizer symbolizer = Symbolizer.forProcess(p.pid());

                assertThat(symbolizer.symbolize(main + 5)).as(v.getKey())
                    .isEqualTo(new Frame(FrameKind.NATIVE, "hotscope_target", 5, exe.getFileName().toString(), main + 5));
                assertThat(symbolizer.symbolizeReturnAddress(inLib + 9)).as(v.getKey())
                    .isEqualTo(new Frame(FrameKind.NATIVE, "hotscope_lib_target", 9, lib.getFileName().toString(), inLib + 9));
            }
        }
    }

    /** Every variant must really have code whose virtual address is not its file offset. */
    private static void assertShifted(Path... files) throws IOException {
        for (Path f : files) {
            List<ElfReader.ProgramHeader> headers;
            try (ElfReader elf = ElfReader.open(f)) {
                headers = elf.programHeaders();
            }
            assertThat(headers).as(f.toString())
                .anySatisfy(p -> {
                    assertThat(p.isLoad()).isTrue();
                    assertThat((p.flags() & 1) != 0).isTrue();
                    assertThat(p.vaddr()).isNotEqualTo(p.offset());
                });
        }
    }

    private static void gcc(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/gcc", "-O1"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("gcc %s: %s", command, out).isZero();
    }

    private static Map.Entry<Long, Long> awaitCompiled(long pid, Path perfMap, String method) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            DiagnosticCommands.execute(pid, "Compiler.perfmap");
            Map.Entry<Long, Long> e = SymbolizerSelfTest.entry(perfMap, method, false);
            if (e != null) {
                return e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(method + " was not compiled within 60 s");
    }
}
