package dev.hotscope.usdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProcessProbesTest {
    private static final Path LIBJVM = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so");

    @Test
    void findsGcBeginInTheLibjvmOfThisJvmWithReadelfsArgs() throws Exception {
        long pid = ProcessHandle.current().pid();

        List<UsdtProbeInfo> probes = ProcessProbes.list(pid);

        UsdtProbeInfo gcBegin = probes.stream()
            .filter(p -> p.file().endsWith("/libjvm.so") && p.provider().equals("hotspot")
                && p.name().equals("gc__begin"))
            .findFirst().orElseThrow(() -> new AssertionError("no hotspot:gc__begin in " + summary(probes)));
        Readelf.Note expected = Readelf.notes(Path.of(gcBegin.file())).stream()
            .filter(n -> n.provider().equals("hotspot") && n.name().equals("gc__begin"))
            .findFirst().orElseThrow();
        assertThat(gcBegin.pid()).isEqualTo(pid);
        assertThat(gcBegin.args()).isEqualTo(expected.args());
        assertThat(gcBegin.pc()).isEqualTo(expected.location());
        assertThat(gcBegin.semaphore()).isZero();
        assertThat(gcBegin.runtimeSemaphore()).isZero();
        assertThat(gcBegin.semaphoreCount()).isEqualTo(-1);
    }

    @Test
    void listsEveryNoteOfEachMappedFileInOrder() throws Exception {
        List<UsdtProbeInfo> probes = ProcessProbes.list(ProcessHandle.current().pid());
        String libjvm = probes.stream().map(UsdtProbeInfo::file).filter(f -> f.endsWith("/libjvm.so"))
            .findFirst().orElseThrow();

        long fromProcess = probes.stream().filter(p -> p.file().equals(libjvm)).count();

        assertThat(fromProcess).isEqualTo(Readelf.notes(Path.of(libjvm)).size());
        assertThat(probes).isSortedAccordingTo(Comparator.comparing(UsdtProbeInfo::file)
            .thenComparing(UsdtProbeInfo::provider).thenComparing(UsdtProbeInfo::name)
            .thenComparingLong(UsdtProbeInfo::pc));
    }

    @Test
    void aFileThisProcessOnlyMapsSharedIsNotLoadedCode() throws Exception {
        Path libpython = Path.of("/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0");
        assumeTrue(Files.isRegularFile(libpython), "libpython3.11 is not installed");
        try (FileChannel channel = FileChannel.open(libpython, StandardOpenOption.READ)) {
            MappedByteBuffer view = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());

            List<UsdtProbeInfo> probes = ProcessProbes.list(ProcessHandle.current().pid());

            assertThat(view.get(0)).isEqualTo((byte) 0x7f);
            assertThat(probes).noneMatch(p -> p.file().equals(libpython.toString()));
        }
    }

    @Test
    void aProcessThatDoesNotExistIsNamedExactly() throws Exception {
        // Past PID_MAX_LIMIT (2^22), so no kernel can have it.
        long missing = 4_194_305;

        assertThatThrownBy(() -> ProcessProbes.list(missing))
            .isInstanceOf(IOException.class)
            .hasMessage("no process with pid " + missing);
        assertThatThrownBy(() -> ProcessProbes.list(0)).hasMessage("no process with pid 0");
        assertThatThrownBy(() -> ProcessProbes.list(-7)).hasMessage("no process with pid -7");
    }

    @Test
    void listsTheNotesOfAFileOnDisk() throws Exception {
        List<UsdtProbeInfo> probes = ProcessProbes.list(LIBJVM);
        List<Readelf.Note> expected = Readelf.notes(LIBJVM);

        assertThat(probes).hasSize(expected.size());
        assertThat(probes).allSatisfy(p -> {
            assertThat(p.pid()).isEqualTo(-1);
            assertThat(p.file()).isEqualTo(LIBJVM.toString());
            assertThat(p.runtimeSemaphore()).isZero();
            assertThat(p.semaphoreCount()).isEqualTo(-1);
        });
        assertThat(probes).extracting(p -> p.provider() + ":" + p.name() + " " + p.args())
            .containsExactlyInAnyOrderElementsOf(expected.stream()
                .map(n -> n.provider() + ":" + n.name() + " " + n.args()).collect(Collectors.toList()));
    }

    @Test
    void aFileThatIsNotElfIsRefusedWithItsName() throws Exception {
        Path text = Files.createTempFile("not-elf", ".txt");
        try {
            Files.writeString(text, "hello");
            assertThatThrownBy(() -> ProcessProbes.list(text))
                .hasMessage(text + ": not an ELF file (no \\x7fELF magic at offset 0)");
        } finally {
            Files.delete(text);
        }
    }

    private static String summary(List<UsdtProbeInfo> probes) {
        return probes.stream().map(p -> p.file() + " " + p.provider() + ":" + p.name()).distinct().limit(20)
            .collect(Collectors.joining(", "));
    }
}
