package dev.hotscope.usdt.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hotscope.usdt.Readelf;
import dev.hotscope.usdt.elf.ElfReader.ProgramHeader;
import dev.hotscope.usdt.elf.ElfReader.SdtNote;
import dev.hotscope.usdt.elf.ElfReader.Section;
import dev.hotscope.usdt.elf.ElfReader.Symbol;
import dev.hotscope.usdt.elf.ElfReader.SymbolTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfReaderTest {
    static final Path LIBJVM = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so");
    static final Path LIBPYTHON = Path.of("/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0");

    private final List<ElfReader> opened = new ArrayList<>();

    @AfterEach
    void closeReaders() throws IOException {
        for (ElfReader r : opened) {
            r.close();
        }
    }

    /** Opens a file for one test; closed after it. */
    private ElfReader open(Path file) throws IOException {
        ElfReader r = ElfReader.open(file);
        opened.add(r);
        return r;
    }

    /**
     * The reader holds the file open and never maps it: once closed nothing of the file is left in
     * this process (a mapping used to stay until the garbage collector unmapped it).
     */
    @Test
    void closeReleasesTheFileAndNothingIsEverMapped(@TempDir Path dir) throws Exception {
        Path copy = Files.copy(LIBJVM, dir.resolve("libjvm-copy.so"));
        ElfReader elf = ElfReader.open(copy);
        List<Symbol> symbols = elf.symbols();
        byte[] notes = elf.sectionBytes(elf.section(Elf.NOTE_STAPSDT).orElseThrow());

        assertThat(symbols).hasSizeGreaterThan(1000);
        assertThat(notes).isNotEmpty();
        assertThat(Files.readAllLines(Path.of("/proc/self/maps"))).noneMatch(l -> l.contains(copy.toString()));
        assertThat(openDescriptorsOf(copy)).isEqualTo(1);

        elf.close();
        elf.close();

        assertThat(openDescriptorsOf(copy)).isZero();
        assertThat(Files.readAllLines(Path.of("/proc/self/maps"))).noneMatch(l -> l.contains(copy.toString()));
        assertThat(elf.sections()).isNotEmpty();
        assertThatThrownBy(elf::symbols).isInstanceOf(IOException.class)
            .hasMessage(copy + ": the reader is closed");
        assertThatThrownBy(elf::sdtNotes).isInstanceOf(IOException.class);
    }

    @Test
    void aFileThatIsNotElfIsClosedAtOnce(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("not-elf.so"), "just text, no ELF header at all");

        assertThatThrownBy(() -> ElfReader.open(text)).isInstanceOf(IOException.class)
            .hasMessageContaining("not an ELF file");
        assertThat(openDescriptorsOf(text)).isZero();
    }

    @Test
    void aReaderOfBytesFailsOnceClosed() throws Exception {
        ElfReader elf = ElfReader.of(Files.readAllBytes(Path.of("/usr/bin/true")), "true");
        assertThat(elf.symbols()).isNotNull();

        elf.close();

        assertThatThrownBy(elf::symbols).hasMessage("true: the reader is closed");
    }

    @Test
    void bytesAtReadsTheFileAndChecksTheRange() throws Exception {
        byte[] whole = Files.readAllBytes(LIBJVM);
        ElfReader elf = open(LIBJVM);

        assertThat(elf.bytesAt(0x100, 16)).containsExactly(java.util.Arrays.copyOfRange(whole, 0x100, 0x110));
        assertThatThrownBy(() -> elf.bytesAt(whole.length - 4, 8)).isInstanceOf(IOException.class)
            .hasMessageContaining("runs past the end of the file");
    }

    private static long openDescriptorsOf(Path file) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (IOException e) {
                    return false; // closed meanwhile (the listing's own descriptor)
                }
            }).count();
        }
    }

    @Test
    void readsTheHeaderOfLibjvm() throws Exception {
        ElfReader elf = open(LIBJVM);

        assertThat(elf.type()).isEqualTo(Elf.ET_DYN);
        assertThat(elf.machine()).isEqualTo(Elf.EM_X86_64);
        assertThat(elf.source()).isEqualTo(LIBJVM.toString());
    }

    @Test
    void sdtNotesOfLibjvmMatchReadelf() throws Exception {
        List<Readelf.Note> expected = Readelf.notes(LIBJVM);
        List<SdtNote> notes = open(LIBJVM).sdtNotes();

        assertThat(expected).isNotEmpty();
        assertThat(notes).extracting(n -> new Readelf.Note(n.provider(), n.name(), n.pc(), n.base(), n.semaphore(),
            n.args())).containsExactlyElementsOf(expected);
        assertThat(notes).anySatisfy(n -> {
            assertThat(n.provider()).isEqualTo("hotspot");
            assertThat(n.name()).isEqualTo("gc__begin");
        });
    }

    @Test
    void sdtNotesWithSemaphoresMatchReadelf() throws Exception {
        assumeTrue(Files.isRegularFile(LIBPYTHON), "libpython3.11 is not installed");
        List<Readelf.Note> expected = Readelf.notes(LIBPYTHON);
        List<SdtNote> notes = open(LIBPYTHON).sdtNotes();

        assertThat(expected).allSatisfy(n -> assertThat(n.semaphore()).isNotZero());
        assertThat(notes).extracting(n -> new Readelf.Note(n.provider(), n.name(), n.pc(), n.base(), n.semaphore(),
            n.args())).containsExactlyElementsOf(expected);
    }

    @Test
    void sectionsMatchReadelf() throws Exception {
        List<Section> sections = open(LIBJVM).sections();

        assertThat(sections.get(0).type()).isEqualTo(Elf.SHT_NULL);
        assertThat(sections.subList(1, sections.size()))
            .extracting(s -> new Readelf.Section(s.index(), s.name(), typeName(s.type()), s.addr(), s.offset(),
                s.size()))
            .containsExactlyElementsOf(Readelf.sections(LIBJVM).stream()
                .map(s -> new Readelf.Section(s.index(), s.name(), known(s.type()), s.addr(), s.offset(), s.size()))
                .collect(Collectors.toList()));
    }

    @Test
    void loadSegmentsMatchReadelf() throws Exception {
        List<ProgramHeader> loads = open(LIBJVM).programHeaders().stream()
            .filter(ProgramHeader::isLoad).collect(Collectors.toList());

        assertThat(loads).extracting(p -> new Readelf.Load(p.offset(), p.vaddr(), p.filesz(), p.memsz()))
            .containsExactlyElementsOf(Readelf.loads(LIBJVM));
        assertThat(loads).allSatisfy(p -> assertThat(p.align()).isEqualTo(0x1000));
    }

    @Test
    void symbolTablesHaveReadelfsSizes() throws Exception {
        List<Symbol> symbols = open(LIBJVM).symbols();
        Map<String, Integer> expected = Readelf.symbolTableSizes(LIBJVM);

        assertThat(symbols.stream().filter(s -> s.table() == SymbolTable.DYNSYM).count())
            .isEqualTo((long) expected.get(".dynsym"));
        assertThat(symbols.stream().filter(s -> s.table() == SymbolTable.SYMTAB).count())
            .isEqualTo((long) expected.getOrDefault(".symtab", 0));
    }

    @Test
    void findsAnExportedFunctionLikeReadelf() throws Exception {
        Symbol create = open(LIBJVM).symbols().stream()
            .filter(s -> s.table() == SymbolTable.DYNSYM && s.name().equals("JNI_CreateJavaVM"))
            .findFirst().orElseThrow();
        String line = Readelf.run("readelf", "-sW", "--dyn-syms", LIBJVM.toString()).stream()
            .filter(l -> l.endsWith(" JNI_CreateJavaVM")).findFirst().orElseThrow();
        String[] f = line.strip().split("\\s+");

        assertThat(create.value()).isEqualTo(Long.parseUnsignedLong(f[1], 16));
        assertThat(create.size()).isEqualTo(Long.parseLong(f[2]));
        assertThat(create.type()).isEqualTo(Elf.STT_FUNC);
        assertThat(create.binding()).isEqualTo(Elf.STB_GLOBAL);
        assertThat(create.sectionIndex()).isEqualTo(Integer.parseInt(f[6]));
    }

    @Test
    void stapsdtBaseIsTheSectionAddressAndNotesNeedNoAdjustment() throws Exception {
        ElfReader elf = open(LIBJVM);
        long base = Readelf.sections(LIBJVM).stream().filter(s -> s.name().equals(".stapsdt.base"))
            .findFirst().orElseThrow().addr();

        assertThat(elf.stapsdtBase()).hasValue(base);
        for (SdtNote note : elf.sdtNotes()) {
            assertThat(elf.adjustedPc(note)).isEqualTo(note.pc());
            assertThat(elf.adjustedSemaphore(note)).isZero();
        }
    }

    @Test
    void prelinkMoveOfStapsdtBaseMovesPcAndSemaphore() throws Exception {
        assumeTrue(Files.isRegularFile(LIBPYTHON), "libpython3.11 is not installed");
        byte[] bytes = Files.readAllBytes(LIBPYTHON);
        ElfReader original = ElfReader.of(bytes, "libpython");
        Section base = original.section(Elf.STAPSDT_BASE).orElseThrow();
        long delta = 0x20000;
        // Prelink relocates allocated sections but leaves the non-allocated notes as written.
        long headerAt = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0x28)
            + (long) base.index() * Elf.SHDR_SIZE;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong((int) headerAt + 16, base.addr() + delta);

        ElfReader moved = ElfReader.of(bytes, "prelinked libpython");
        SdtNote note = moved.sdtNotes().get(0);

        assertThat(moved.stapsdtBase()).hasValue(base.addr() + delta);
        assertThat(moved.adjustedPc(note)).isEqualTo(note.pc() + delta);
        assertThat(moved.adjustedSemaphore(note)).isEqualTo(note.semaphore() + delta);
    }

    @Test
    void fileOffsetOfFollowsTheLoadSegments() throws Exception {
        assumeTrue(Files.isRegularFile(LIBPYTHON), "libpython3.11 is not installed");
        ElfReader elf = open(LIBPYTHON);
        Readelf.Section probes = Readelf.sections(LIBPYTHON).stream().filter(s -> s.name().equals(".probes"))
            .findFirst().orElseThrow();
        Readelf.Section bss = Readelf.sections(LIBPYTHON).stream().filter(s -> s.name().equals(".bss"))
            .findFirst().orElseThrow();

        // libpython's data segment has vaddr - offset = 0x1000, so an identity mapping would be wrong.
        assertThat(probes.addr()).isNotEqualTo(probes.offset());
        assertThat(elf.fileOffsetOf(probes.addr())).isEqualTo(probes.offset());
        assertThat(elf.fileOffsetOf(probes.addr() + 4)).isEqualTo(probes.offset() + 4);
        assertThat(elf.fileOffsetOf(bss.addr() + 16)).isEqualTo(-1);
        assertThat(elf.fileOffsetOf(0x7fff_0000_0000L)).isEqualTo(-1);
    }

    @Test
    void sectionBytesAreTheFileBytes() throws Exception {
        byte[] file = Files.readAllBytes(LIBJVM);
        ElfReader elf = ElfReader.of(file, "libjvm");
        Section notes = elf.section(Elf.NOTE_STAPSDT).orElseThrow();

        byte[] bytes = elf.sectionBytes(notes);

        assertThat(bytes).hasSize((int) notes.size());
        assertThat(bytes).containsExactly(java.util.Arrays.copyOfRange(file, (int) notes.offset(),
            (int) (notes.offset() + notes.size())));
        assertThat(elf.sectionBytes(elf.section(".bss").orElseThrow())).isEmpty();
        assertThat(elf.section("no such section")).isEmpty();
    }

    private static String typeName(int type) {
        switch (type) {
            case Elf.SHT_PROGBITS: return "PROGBITS";
            case Elf.SHT_SYMTAB: return "SYMTAB";
            case Elf.SHT_STRTAB: return "STRTAB";
            case Elf.SHT_NOTE: return "NOTE";
            case Elf.SHT_NOBITS: return "NOBITS";
            case Elf.SHT_DYNSYM: return "DYNSYM";
            default: return "other";
        }
    }

    private static String known(String readelfType) {
        return List.of("PROGBITS", "SYMTAB", "STRTAB", "NOTE", "NOBITS", "DYNSYM").contains(readelfType)
            ? readelfType : "other";
    }
}
