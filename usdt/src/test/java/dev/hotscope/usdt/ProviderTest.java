package dev.hotscope.usdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider life cycle and every rule it enforces, without a tracer (see tests/ for tracing). */
class ProviderTest {
    private final List<Provider> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(Provider::close);
    }

    private Provider provider(String name) {
        Provider p = Usdt.provider(name);
        opened.add(p);
        return p;
    }

    @Test
    void namesMustBeCIdentifiers() {
        assertThatThrownBy(() -> Usdt.provider("my-app"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("provider name 'my-app' contains '-': use a C identifier (letters, digits, '_',"
                + " not starting with a digit) of 1 to 64 characters");
        assertThatThrownBy(() -> Usdt.provider("1app")).hasMessageContaining("starts with a digit");
        assertThatThrownBy(() -> Usdt.provider("")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> Usdt.provider("a".repeat(65))).hasMessageContaining("is 65 characters long");
        assertThatThrownBy(() -> Usdt.provider(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> provider("ok").probe("bad name"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probe name 'bad name' contains ' '");
        assertThatCode(() -> provider("a".repeat(64)).probe("_x9")).doesNotThrowAnyException();
    }

    @Test
    void duplicateProbeAndTooManyArgumentsAreRejected() {
        Provider p = provider("rules");
        p.probe("tick");
        assertThatThrownBy(() -> p.probe("tick", ArgType.INT64))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("probe rules:tick is already declared: probe names must be unique in a provider");
        ArgType[] seven = new ArgType[7];
        java.util.Arrays.fill(seven, ArgType.INT64);
        assertThatThrownBy(() -> p.probe("seven", seven))
            .hasMessageContaining("has 7 arguments: at most 6 are supported");
        assertThatThrownBy(() -> p.probe("nulls", ArgType.INT64, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void callsOutOfOrderSayWhatToDo() {
        Provider empty = provider("empty");
        assertThatThrownBy(empty::load).isInstanceOf(IllegalStateException.class)
            .hasMessage("provider empty has no probes: declare at least one with probe() before load()");
        assertThatThrownBy(empty::path).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("is not loaded yet: call load() first");

        Provider p = provider("order");
        p.probe("tick");
        p.load();
        assertThatThrownBy(() -> p.probe("late")).isInstanceOf(IllegalStateException.class)
            .hasMessage("probe() on provider order which is already loaded: declare every probe before load(),"
                + " or use a new provider");
        assertThatThrownBy(p::load).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.site(ProbeSite.NOP1)).isInstanceOf(IllegalStateException.class);
        p.close();
        assertThatThrownBy(p::load).hasMessageContaining("is closed");
    }

    @Test
    void fireChecksArgumentCountAndTypesEvenWhenNobodyTraces() {
        Provider p = provider("types");
        Probe probe = p.probe("req", ArgType.INT64, ArgType.STRING);
        p.load();
        assertThatThrownBy(() -> probe.fire(1L, 2L)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("probe types:req takes (int64, string) but fire was called with (long, long)");
        assertThatThrownBy(() -> probe.fire(1L)).hasMessageContaining("called with (long)");
        assertThatThrownBy(() -> probe.fire("a", 1L)).hasMessageContaining("called with (String, long)");
        assertThatThrownBy(() -> probe.fire(1L, "a", 2L, 3L, 4L, 5L))
            .hasMessageContaining("called with (Long, String, Long, Long, Long, Long)");
        assertThatThrownBy(() -> probe.fire(1.5, "x")).hasMessageContaining("called with (Double, String)");
        assertThatCode(() -> probe.fire(1L, "ok")).doesNotThrowAnyException();
        assertThatCode(() -> probe.fire((Object) 1, (Object) null)).doesNotThrowAnyException();
    }

    @Test
    void loadedProviderIsAPrivateFileMappedIntoThisProcessAndCloseRemovesBoth() throws IOException {
        Provider p = provider("mapped");
        Probe probe = p.probe("tick", ArgType.INT64);
        p.load();
        Path file = p.path();
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
            .isEqualTo("rwx------");
        assertThat(file.getFileName().toString()).startsWith("mapped-").endsWith(".so");
        assertThat(mapsLinesNaming(file)).hasSize(2).anyMatch(l -> l.contains(" r-xp ")).anyMatch(l -> l.contains(" rw-p "));
        assertThat(probe.isEnabled()).isFalse();
        assertThat(probe.semaphoreValue()).isZero();

        p.close();
        assertThat(file).doesNotExist();
        assertThat(mapsLinesNaming(file)).isEmpty();
        assertThat(p.isClosed()).isTrue();
        assertThat(probe.isEnabled()).isFalse();
        assertThatCode(() -> probe.fire(1L)).doesNotThrowAnyException();
        assertThatCode(p::close).doesNotThrowAnyException();
    }

    @Test
    void firingBeforeLoadIsANoOp() {
        Provider p = provider("early");
        Probe probe = p.probe("tick", ArgType.INT64);
        assertThat(probe.isEnabled()).isFalse();
        assertThatCode(() -> probe.fire(1L)).doesNotThrowAnyException();
    }

    @Test
    void aThousandProbesLoadAndManyProvidersCoexist() throws IOException {
        Provider big = provider("big");
        for (int i = 0; i < 1000; i++) {
            big.probe("p" + i, ArgType.INT64, ArgType.STRING);
        }
        big.load();
        assertThat(big.probes()).hasSize(1000);
        assertThat(big.lookup("p999").index()).isEqualTo(999);
        assertThatThrownBy(() -> big.lookup("nope")).hasMessageContaining("has no probe 'nope'");

        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Provider p = provider("many" + i);
            p.probe("tick");
            files.add(p.load().path());
        }
        assertThat(files).doesNotHaveDuplicates().allSatisfy(f -> assertThat(f).exists());
        assertThat(mapsLinesNaming(big.path())).isNotEmpty();
    }

    @Test
    void manyThreadsFireWhileAnotherCloses() throws Exception {
        Provider p = provider("race");
        Probe probe = p.probe("tick", ArgType.INT64, ArgType.STRING);
        p.load();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 200_000; i++) {
                    probe.fire(i, "x");
                    probe.isEnabled();
                }
            });
            threads[t].start();
        }
        p.close();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(probe.isEnabled()).isFalse();
    }

    @Test
    void siteCanBeChosenAndIsReported() {
        Provider p = provider("sited").site(ProbeSite.NOP1);
        p.probe("tick");
        p.load();
        assertThat(p.site()).isEqualTo(ProbeSite.NOP1);
        assertThatThrownBy(() -> ProbeSite.parse("int3")).hasMessage("probe site 'int3' is not known: use nop1 or nop5");
    }

    @Test
    void argSpecNamesWidthSignAndRegister() {
        Probe probe = provider("spec").probe("all", ArgType.INT8, ArgType.UINT16, ArgType.INT32,
            ArgType.UINT64, ArgType.BOOLEAN, ArgType.STRING);
        assertThat(probe.argSpec()).isEqualTo("-1@%rdi 2@%rsi -4@%rdx 8@%rcx 1@%r8 8@%r9");
        assertThat(probe.toString()).isEqualTo("spec:all(-1@%rdi 2@%rsi -4@%rdx 8@%rcx 1@%r8 8@%r9)");
    }

    private static List<String> mapsLinesNaming(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.endsWith(file.toString())) {
                lines.add(line);
            }
        }
        return lines;
    }
}
