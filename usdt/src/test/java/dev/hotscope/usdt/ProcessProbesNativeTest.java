package dev.hotscope.usdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks run-time semaphore addresses against what a C process reports about itself: its own
 * semaphore's address ({@code &semaphore}, PIE) and the load bias of a dlopen'ed libpython
 * ({@code link_map.l_addr}), whose data segment sits a page off its file offset.
 */
class ProcessProbesNativeTest {
    private static final Path LIBPYTHON = Path.of("/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0");

    /** An SDT note written by hand the way sys/sdt.h lays it out, with a semaphore in .probes. */
    private static final String PROGRAM = """
        #define _GNU_SOURCE
        #include <dlfcn.h>
        #include <link.h>
        #include <stdio.h>

        unsigned short hstest_tick_semaphore __attribute__((section(".probes"), used)) = 0;

        __attribute__((noinline)) static void tick(int value) {
            __asm__ __volatile__(
                "990: nop\\n"
                ".pushsection .note.stapsdt,\\"\\",\\"note\\"\\n"
                ".balign 4\\n"
                ".4byte 992f-991f, 994f-993f, 3\\n"
                "991: .asciz \\"stapsdt\\"\\n"
                "992: .balign 4\\n"
                "993: .8byte 990b\\n"
                ".8byte _.stapsdt.base\\n"
                ".8byte hstest_tick_semaphore\\n"
                ".asciz \\"hstest\\"\\n"
                ".asciz \\"tick\\"\\n"
                ".asciz \\"-4@%0\\"\\n"
                "994: .balign 4\\n"
                ".popsection\\n"
                ".ifndef _.stapsdt.base\\n"
                ".pushsection .stapsdt.base,\\"aG\\",\\"progbits\\",.stapsdt.base,comdat\\n"
                ".weak _.stapsdt.base\\n"
                ".hidden _.stapsdt.base\\n"
                "_.stapsdt.base: .space 1\\n"
                ".size _.stapsdt.base, 1\\n"
                ".popsection\\n"
                ".endif\\n"
                : : "nor"(value));
        }

        int main(int argc, char **argv) {
            hstest_tick_semaphore = 3;
            tick(argc);
            printf("semaphore %lx\\n", (unsigned long) &hstest_tick_semaphore);
            if (argc > 1) {
                struct link_map *map = NULL;
                void *lib = dlopen(argv[1], RTLD_LAZY | RTLD_LOCAL);
                if (lib == NULL || dlinfo(lib, RTLD_DI_LINKMAP, &map) != 0) {
                    printf("error %s\\n", dlerror());
                    return 1;
                }
                printf("bias %lx\\n", (unsigned long) map->l_addr);
            }
            printf("ready\\n");
            fflush(stdout);
            getchar();
            return 0;
        }
        """;

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void ownSemaphoreOfAPieExecutableIsFoundAndRead() throws Exception {
        Path program = compile();
        Map<String, String> said = start(program.toString());

        UsdtProbeInfo tick = probe(program.toString(), "hstest", "tick");

        Readelf.Note note = Readelf.notes(program).get(0);
        assertThat(tick.args()).isEqualTo(note.args());
        assertThat(tick.semaphore()).isEqualTo(note.semaphore());
        assertThat(tick.runtimeSemaphore()).isEqualTo(Long.parseUnsignedLong(said.get("semaphore"), 16));
        assertThat(tick.semaphoreCount()).isEqualTo(3);
    }

    @Test
    void aDeletedExecutableIsReadThroughMapFiles() throws Exception {
        Path program = compile();
        Map<String, String> said = start(program.toString());
        Files.delete(program);

        UsdtProbeInfo tick = probe(program + " (deleted)", "hstest", "tick");

        assertThat(tick.runtimeSemaphore()).isEqualTo(Long.parseUnsignedLong(said.get("semaphore"), 16));
        assertThat(tick.semaphoreCount()).isEqualTo(3);
    }

    @Test
    void semaphoreOfALibraryWhoseDataSegmentIsOffsetByAPage() throws Exception {
        assumeTrue(Files.isRegularFile(LIBPYTHON), "libpython3.11 is not installed");
        Path program = compile();
        Map<String, String> said = start(program.toString(), LIBPYTHON.toString());
        long bias = Long.parseUnsignedLong(said.get("bias"), 16);

        UsdtProbeInfo entry = probe(LIBPYTHON.toString(), "python", "function__entry");

        long linkSemaphore = Readelf.notes(LIBPYTHON).stream().filter(n -> n.name().equals("function__entry"))
            .findFirst().orElseThrow().semaphore();
        assertThat(entry.semaphore()).isEqualTo(linkSemaphore);
        assertThat(entry.runtimeSemaphore()).isEqualTo(bias + linkSemaphore);
        assertThat(entry.semaphoreCount()).isZero();
    }

    private UsdtProbeInfo probe(String file, String provider, String name) throws IOException {
        List<UsdtProbeInfo> probes = ProcessProbes.list(process.pid());
        return probes.stream()
            .filter(p -> p.file().equals(file) && p.provider().equals(provider) && p.name().equals(name))
            .findFirst().orElseThrow(() -> new AssertionError(provider + ":" + name + " not found in " + file));
    }

    private Path compile() throws Exception {
        Path source = dir.resolve("hstest.c");
        Path binary = dir.resolve("hstest");
        Files.writeString(source, PROGRAM);
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O1", "-fPIE", "-pie", "-o", binary.toString(), source.toString(), "-ldl")
                .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "gcc is not installed");
            throw e;
        }
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor()).as("gcc: %s", output).isZero();
        return binary;
    }

    /** Starts the program and collects its "key value" lines up to "ready". */
    private Map<String, String> start(String... command) throws IOException {
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Map<String, String> said = new HashMap<>();
        for (String line = out.readLine(); line != null && !line.equals("ready"); line = out.readLine()) {
            String[] kv = line.split(" ", 2);
            said.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        assertThat(said).doesNotContainKey("error");
        return said;
    }
}
