package dev.hotscope.usdt.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hotscope.usdt.elf.ElfReader.Section;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfReaderCorruptInputTest {
    private static final Path LIBJVM = ElfReaderTest.LIBJVM;

    @TempDir
    Path dir;

    @Test
    void emptyFileIsNotElf() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.so"));

        assertThatThrownBy(() -> ElfReader.open(empty))
            .isInstanceOf(IOException.class)
            .hasMessage(empty + ": not an ELF file (it is empty)");
    }

    @Test
    void randomBytesAreNotElf() {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        noise[0] = 0x12;

        assertThatThrownBy(() -> ElfReader.of(noise, "noise"))
            .isInstanceOf(IOException.class)
            .hasMessage("noise: not an ELF file (no \\x7fELF magic at offset 0)");
    }

    @Test
    void truncatedCopyOfLibjvmNamesTheFileAndTheProblem() throws Exception {
        Path truncated = dir.resolve("libjvm-truncated.so");
        try (var in = Files.newInputStream(LIBJVM)) {
            Files.write(truncated, in.readNBytes(64 * 1024));
        }

        assertThatThrownBy(() -> ElfReader.open(truncated))
            .isInstanceOf(IOException.class)
            .hasMessageStartingWith(truncated + ": ")
            .hasMessageContaining("section header table at offset ")
            .hasMessageContaining("runs past the end of the file (65536 bytes)")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void headerShorterThan64BytesIsTruncated() throws Exception {
        byte[] head = Arrays.copyOf(Files.readAllBytes(LIBJVM), 40);

        assertThatThrownBy(() -> ElfReader.of(head, "head"))
            .hasMessage("head: truncated ELF header (40 of 64 bytes)");
    }

    @Test
    void otherClassesEncodingsAndMachinesAreRejectedByName() throws Exception {
        byte[] header = Arrays.copyOf(Files.readAllBytes(LIBJVM), 64);

        byte[] elf32 = header.clone();
        elf32[4] = 1;
        assertThatThrownBy(() -> ElfReader.of(elf32, "x"))
            .hasMessage("x: ELF class 1 (32-bit) is not supported; expected ELF64 (class 2)");

        byte[] bigEndian = header.clone();
        bigEndian[5] = 2;
        assertThatThrownBy(() -> ElfReader.of(bigEndian, "x"))
            .hasMessage("x: ELF data encoding 2 (big-endian) is not supported; expected little-endian (1)");

        byte[] arm = header.clone();
        arm[0x12] = (byte) 183;
        assertThatThrownBy(() -> ElfReader.of(arm, "x"))
            .hasMessage("x: ELF machine 183 is not supported; expected x86-64 (62)");
    }

    @Test
    void extendedSectionNumberingIsBoundsChecked() throws Exception {
        byte[] bytes = Arrays.copyOf(Files.readAllBytes(LIBJVM), 128);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0x38, (short) 0);                // no program headers
        b.putLong(0x28, 64);                        // section headers right after the ELF header
        b.putShort(0x3c, (short) 0);                // count is in section 0's sh_size
        b.putShort(0x3e, (short) 0xffff);           // name table index is in section 0's sh_link
        b.putLong(64 + 32, 1);
        b.putInt(64 + 40, -1);

        assertThatThrownBy(() -> ElfReader.of(bytes, "x"))
            .hasMessage("x: section-name table index 4294967295 is past the 1 sections");
    }

    @Test
    void missingFileIsNoSuchFile() {
        Path missing = dir.resolve("missing.so");

        assertThatThrownBy(() -> ElfReader.open(missing))
            .isInstanceOf(java.nio.file.NoSuchFileException.class)
            .hasMessage(missing + ": no such file");
    }

    @Test
    void everyPrefixOfASmallElfFailsCleanly() throws Exception {
        byte[] whole = Files.readAllBytes(Path.of("/usr/bin/true"));
        for (int length = 0; length < whole.length; length += length < 512 ? 1 : 61) {
            readEverything(Arrays.copyOf(whole, length), "prefix " + length);
        }
    }

    @Test
    void randomDamageToHeadersTablesAndNotesNeverEscapesAsRuntimeException() throws Exception {
        // libpython: notes with semaphores, and no 58,000-entry .symtab to slow every round down.
        assumeTrue(Files.isRegularFile(ElfReaderTest.LIBPYTHON), "libpython3.11 is not installed");
        byte[] bytes = Files.readAllBytes(ElfReaderTest.LIBPYTHON);
        ElfReader clean = ElfReader.of(bytes.clone(), "clean");
        List<long[]> regions = interestingRegions(bytes, clean);
        Random random = new Random(7);
        int failures = 0;
        for (int round = 0; round < 3000; round++) {
            long[] region = regions.get(random.nextInt(regions.size()));
            int at = (int) (region[0] + random.nextInt((int) region[1]));
            int width = 1 + random.nextInt(8);
            byte[] saved = Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + width));
            for (int i = 0; i < saved.length; i++) {
                bytes[at + i] = (byte) random.nextInt(256);
            }
            failures += readEverything(bytes, "round " + round) ? 0 : 1;
            System.arraycopy(saved, 0, bytes, at, saved.length);
        }
        assertThat(failures).as("damaged files that were refused").isPositive();
    }

    /** Reads all there is; true if it worked, false on an IOException with a one-line message. */
    private static boolean readEverything(byte[] bytes, String source) {
        try {
            ElfReader elf = ElfReader.of(bytes, source);
            elf.symbols();
            elf.sdtNotes();
            for (Section s : elf.sections()) {
                if (s.size() < 65536) {
                    elf.sectionBytes(s);
                }
                elf.fileOffsetOf(s.addr());
            }
            return true;
        } catch (IOException e) {
            assertThat(e.getMessage()).startsWith(source + ": ").doesNotContain("\n");
            return false;
        }
    }

    /** The ELF header, program and section header tables, the note section and the start of .dynsym. */
    private static List<long[]> interestingRegions(byte[] bytes, ElfReader elf) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<long[]> regions = new ArrayList<>();
        regions.add(new long[] {0, 64});
        regions.add(new long[] {b.getLong(0x20), (long) b.getShort(0x38) * Elf.PHDR_SIZE});
        regions.add(new long[] {b.getLong(0x28), (long) b.getShort(0x3c) * Elf.SHDR_SIZE});
        Section notes = elf.section(Elf.NOTE_STAPSDT).orElseThrow();
        regions.add(new long[] {notes.offset(), notes.size()});
        Section dynsym = elf.section(".dynsym").orElseThrow();
        regions.add(new long[] {dynsym.offset(), Math.min(dynsym.size(), 4096)});
        return regions;
    }
}
