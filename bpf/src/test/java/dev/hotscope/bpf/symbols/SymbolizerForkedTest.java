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

    /**
     * Code in files the process can no longer name: a library loaded from a memfd
     * ({@code /memfd:NAME (deleted)} in the maps), one deleted after loading, and JIT code in a
     * memfd that holds no ELF (as double-mapping JITs do), named by the process's perf map.
     */
    @Test
    void nativeFramesOfMemfdAndDeletedLibrariesAndPerfMapCodeInAMemfd(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed");
        Files.writeString(dir.resolve("memfd.c"), "__attribute__((noinline)) int hotscope_memfd_target(int x) {\n"
            + "  volatile int y = x; for (int i = 0; i < 100; i++) y += i; return y; }\n");
        Files.writeString(dir.resolve("deleted.c"), "__attribute__((noinline)) int hotscope_deleted_target(int x) {\n"
            + "  volatile int y = x; for (int i = 0; i < 100; i++) y -= i; return y; }\n");
        Files.writeString(dir.resolve("main.c"), String.join("\n",
            "#define _GNU_SOURCE",
            "#include <dlfcn.h>",
            "#include <fcntl.h>",
            "#include <stdio.h>",
            "#include <string.h>",
            "#include <sys/mman.h>",
            "#include <unistd.h>",
            "int main(int argc, char **argv) {",
            "  char buf[65536]; ssize_t n; char path[64];",
            "  int src = open(argv[1], O_RDONLY), lib = memfd_create(\"hotscope-lib\", 0);",
            "  while ((n = read(src, buf, sizeof buf)) > 0) write(lib, buf, n);",
            "  snprintf(path, sizeof path, \"/proc/self/fd/%d\", lib);",
            "  void *fromMemfd = dlopen(path, RTLD_NOW), *deleted = dlopen(argv[2], RTLD_NOW);",
            "  unlink(argv[2]);",
            "  int code = memfd_create(\"doublemapper\", 0);",
            "  ftruncate(code, 4096);",
            "  char *jit = mmap(0, 4096, PROT_READ | PROT_EXEC, MAP_SHARED, code, 0);",
            "  snprintf(path, sizeof path, \"/tmp/perf-%d.map\", getpid());",
            "  FILE *map = fopen(path, \"w\"); fprintf(map, \"%lx 40 jitted_in_memfd\\n\", (long) jit); fclose(map);",
            "  printf(\"%p %p %p\\n\", dlsym(fromMemfd, \"hotscope_memfd_target\"),",
            "    dlsym(deleted, \"hotscope_deleted_target\"), (void *) jit);",
            "  fflush(stdout);",
            "  while (read(0, buf, 1) > 0) {}",
            "  unlink(path);",
            "  return 0;",
            "}", ""));
        Path memfdLib = dir.resolve("libhotscopememfd.so");
        Path deletedLib = dir.resolve("libhotscopedeleted.so");
        Path exe = dir.resolve("memfd-loader");
        gcc(dir, "-shared", "-fPIC", "-o", memfdLib.toString(), "memfd.c");
        gcc(dir, "-shared", "-fPIC", "-Wl,-Ttext-segment=0x100000", "-o", deletedLib.toString(), "deleted.c");
        gcc(dir, "-o", exe.toString(), "main.c", "-ldl");

        try (ForkedProcess p = ForkedProcess.start(List.of(exe.toString(), memfdLib.toString(), deletedLib.toString()))) {
            String[] addresses = p.readLine(STARTUP).split(" ");
            long inMemfd = Long.decode(addresses[0]);
            long inDeleted = Long.decode(addresses[1]);
            long jitted = Long.decode(addresses[2]);
            List<String> maps = Files.readAllLines(Path.of("/proc/" + p.pid() + "/maps"));
            assertThat(maps).anyMatch(l -> l.endsWith("/memfd:hotscope-lib (deleted)") && l.contains(" r-xp "));
            assertThat(maps).anyMatch(l -> l.endsWith(deletedLib + " (deleted)") && l.contains(" r-xp "));
            Symbolizer symbolizer = Symbolizer.forProcess(p.pid());

            assertThat(symbolizer.symbolize(inMemfd + 4))
                .isEqualTo(new Frame(FrameKind.NATIVE, "hotscope_memfd_target", 4, "memfd:hotscope-lib", inMemfd + 4));
            assertThat(symbolizer.symbolizeReturnAddress(inDeleted + 7)).isEqualTo(
                new Frame(FrameKind.NATIVE, "hotscope_deleted_target", 7, "libhotscopedeleted.so", inDeleted + 7));
            assertThat(symbolizer.symbolize(jitted + 0x10))
                .isEqualTo(new Frame(FrameKind.JAVA_JIT, "jitted_in_memfd", -1, "memfd:doublemapper", jitted + 0x10));
            assertThat(symbolizer.symbolize(jitted + 0x100))
                .isEqualTo(new Frame(FrameKind.UNKNOWN, "[unknown]", -1, "memfd:doublemapper", jitted + 0x100));
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
