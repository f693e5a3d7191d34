package dev.hotscope.usdt.internal.elf;

import dev.hotscope.usdt.elf.Elf;
import dev.hotscope.usdt.elf.ElfReader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.usdt.Readelf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdtObjectWriterTest {
    private static final List<SdtObjectWriter.ProbeSpec> PROBES = List.of(
        new SdtObjectWriter.ProbeSpec("request__start", "-8@%rdi 8@%rsi"),
        new SdtObjectWriter.ProbeSpec("no_args", ""),
        new SdtObjectWriter.ProbeSpec("six", "-1@%rdi 1@%rsi -2@%rdx 2@%rcx -4@%r8 4@%r9"));

    @TempDir
    Path dir;

    @Test
    void notesReadBackWithProviderNamesArgsAndAddresses() throws IOException {
        SdtObject object = SdtObjectWriter.write("myapp", PROBES, false);
        ElfReader elf = ElfReader.of(object.bytes(), "test");

        List<ElfReader.SdtNote> notes = elf.sdtNotes();
        assertThat(notes).extracting(ElfReader.SdtNote::name).containsExactly("request__start", "no_args", "six");
        assertThat(notes).extracting(ElfReader.SdtNote::provider).containsOnly("myapp");
        assertThat(notes).extracting(ElfReader.SdtNote::args)
            .containsExactly("-8@%rdi 8@%rsi", "", "-1@%rdi 1@%rsi -2@%rdx 2@%rcx -4@%r8 4@%r9");
        for (int i = 0; i < notes.size(); i++) {
            assertThat(notes.get(i).pc()).isEqualTo(object.siteAddresses().get(i));
            assertThat(notes.get(i).semaphore()).isEqualTo(object.semaphoreAddress() + 2L * i);
            assertThat(notes.get(i).base()).isEqualTo(elf.section(Elf.STAPSDT_BASE).orElseThrow().addr());
        }
    }

    @Test
    void siteBytesAreNopThenNop5ThenRet() throws IOException {
        for (boolean atNop5 : new boolean[] {false, true}) {
            SdtObject object = SdtObjectWriter.write("p", PROBES, atNop5);
            byte[] bytes = object.bytes();
            long function = object.functionAddresses().get(0);
            assertThat(slice(bytes, function, 7))
                .containsExactly(0x90, 0x0f, 0x1f, 0x44, 0x00, 0x00, 0xc3);
            long site = object.siteAddresses().get(0);
            assertThat(site - function).isEqualTo(atNop5 ? 1 : 0);
            assertThat(bytes[(int) site] & 0xff).isEqualTo(atNop5 ? 0x0f : 0x90);
        }
    }

    @Test
    void semaphoresLieInAWritableLoadSegmentAtTheirOwnFileOffset() throws IOException {
        SdtObject object = SdtObjectWriter.write("p", PROBES, true);
        ElfReader elf = ElfReader.of(object.bytes(), "test");
        ElfReader.Section probes = elf.section(Elf.PROBES).orElseThrow();
        assertThat(probes.size()).isEqualTo(2L * PROBES.size());
        ElfReader.ProgramHeader data = elf.programHeaders().stream()
            .filter(ph -> ph.isLoad() && (ph.flags() & Elf.PF_W) != 0).findFirst().orElseThrow();
        assertThat(data.flags() & Elf.PF_X).isZero();
        assertThat(probes.addr()).isBetween(data.vaddr(), data.vaddr() + data.filesz() - 2);
        assertThat(elf.fileOffsetOf(object.semaphoreAddress())).isEqualTo(probes.offset());
        for (int i = 0; i < PROBES.size(); i++) {
            assertThat(object.bytes()[(int) probes.offset() + 2 * i]).isZero();
        }
    }

    @Test
    void stackIsDeclaredNonExecutable() throws IOException {
        ElfReader elf = ElfReader.of(SdtObjectWriter.write("p", PROBES, true).bytes(), "test");
        ElfReader.ProgramHeader stack = elf.programHeaders().stream()
            .filter(ph -> ph.type() == Elf.PT_GNU_STACK).findFirst().orElseThrow();
        assertThat(stack.flags() & Elf.PF_X).isZero();
    }

    @Test
    void dynamicSymbolsNameEveryFunctionAndSemaphore() throws IOException {
        SdtObject object = SdtObjectWriter.write("myapp", PROBES, true);
        ElfReader elf = ElfReader.of(object.bytes(), "test");
        List<ElfReader.Symbol> symbols = elf.symbols();
        assertThat(symbols).filteredOn(s -> s.name().equals("myapp_six"))
            .singleElement().satisfies(s -> {
                assertThat(s.value()).isEqualTo(object.functionAddresses().get(2));
                assertThat(s.type()).isEqualTo(Elf.STT_FUNC);
            });
        assertThat(symbols).filteredOn(s -> s.name().equals("myapp_six_semaphore"))
            .singleElement().extracting(ElfReader.Symbol::value).isEqualTo(object.semaphoreAddress() + 4);
    }

    @Test
    void readelfAgreesWithTheWriter() throws IOException {
        SdtObject object = SdtObjectWriter.write("myapp", PROBES, false);
        Path file = Files.write(dir.resolve("myapp.so"), object.bytes());
        List<Readelf.Note> notes = Readelf.notes(file);
        assertThat(notes).extracting(Readelf.Note::name).containsExactly("request__start", "no_args", "six");
        assertThat(notes).extracting(Readelf.Note::args).containsExactly(
            "-8@%rdi 8@%rsi", "", "-1@%rdi 1@%rsi -2@%rdx 2@%rcx -4@%r8 4@%r9");
        assertThat(notes).extracting(Readelf.Note::location).containsExactlyElementsOf(object.siteAddresses());
    }

    @Test
    void aThousandProbesAllReadBack() throws IOException {
        List<SdtObjectWriter.ProbeSpec> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(new SdtObjectWriter.ProbeSpec("probe_" + i, "-8@%rdi"));
        }
        SdtObject object = SdtObjectWriter.write("big", many, true);
        List<ElfReader.SdtNote> notes = ElfReader.of(object.bytes(), "test").sdtNotes();
        assertThat(notes).hasSize(1000);
        assertThat(notes.get(999).name()).isEqualTo("probe_999");
        assertThat(notes.get(999).semaphore()).isEqualTo(object.semaphoreAddress() + 2 * 999);
    }

    private static int[] slice(byte[] bytes, long from, int length) {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = bytes[(int) from + i] & 0xff;
        }
        return out;
    }
}
