package dev.hotscope.usdt;

import static dev.hotscope.usdt.elf.Elf.PF_R;
import static dev.hotscope.usdt.elf.Elf.PF_W;
import static dev.hotscope.usdt.elf.Elf.PF_X;
import static dev.hotscope.usdt.elf.Elf.PT_LOAD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.usdt.elf.ElfReader.ProgramHeader;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SemaphoreLocatorTest {
    /** libpython3.11's segments: the data segment's vaddr is its offset plus a page. */
    private static final List<ProgramHeader> LIBPYTHON = List.of(
        load(PF_R, 0x000000, 0x000000, 0x102610, 0x102610),
        load(PF_R | PF_X, 0x103000, 0x103000, 0x2d0439, 0x2d0439),
        load(PF_R, 0x3d4000, 0x3d4000, 0x21d238, 0x21d238),
        load(PF_R | PF_W, 0x5f1350, 0x5f2350, 0x16de48, 0x1b2c00));
    private static final long FUNCTION_ENTRY_SEMAPHORE = 0x760180;
    private static final long BIAS = 0x7f12_3400_0000L;

    @Test
    void usesTheDataSegmentsOwnOffsetNotTheFirstMappings() {
        List<MapsEntry> maps = maps(
            "7f1234000000-7f1234103000 r--p 00000000 fd:01 42 /usr/lib/libpython3.11.so.1.0",
            "7f1234103000-7f12343d4000 r-xp 00103000 fd:01 42 /usr/lib/libpython3.11.so.1.0",
            "7f12343d4000-7f12345f2000 r--p 003d4000 fd:01 42 /usr/lib/libpython3.11.so.1.0",
            // RELRO turned the first data pages read-only after loading.
            "7f12345f2000-7f1234600000 r--p 005f1000 fd:01 42 /usr/lib/libpython3.11.so.1.0",
            "7f1234600000-7f1234761000 rw-p 005ff000 fd:01 42 /usr/lib/libpython3.11.so.1.0");

        assertThat(SemaphoreLocator.runtimeAddress(FUNCTION_ENTRY_SEMAPHORE, LIBPYTHON, maps))
            .isEqualTo(BIAS + FUNCTION_ENTRY_SEMAPHORE);
    }

    @Test
    void ignoresAReadOnlyNeighbourSharingTheFirstFilePage() {
        // Old layout: data starts in the text segment's last file page, a page higher in memory.
        List<ProgramHeader> segments = List.of(
            load(PF_R | PF_X, 0x0, 0x0, 0x5f1350, 0x5f1350),
            load(PF_R | PF_W, 0x5f1350, 0x5f2350, 0x2000, 0x3000));
        List<MapsEntry> maps = maps(
            "7f1234000000-7f12345f2000 r-xp 00000000 fd:01 7 /lib/old.so",
            "7f12345f2000-7f12345f4000 rw-p 005f1000 fd:01 7 /lib/old.so");

        assertThat(SemaphoreLocator.runtimeAddress(0x5f2400, segments, maps)).isEqualTo(BIAS + 0x5f2400);
    }

    @Test
    void aSemaphoreInZeroFillIsPastTheFileButStillLinear() {
        List<MapsEntry> maps = maps(
            "7f1234000000-7f1234103000 r--p 00000000 fd:01 42 /lib/libpython.so",
            "7f1234600000-7f1234761000 rw-p 005ff000 fd:01 42 /lib/libpython.so");
        long inBss = 0x5f2350 + 0x16de48 + 0x100;

        assertThat(SemaphoreLocator.runtimeAddress(inBss, LIBPYTHON, maps)).isEqualTo(BIAS + inBss);
    }

    @Test
    void nonPieExecutableHasNoBias() {
        List<ProgramHeader> python = List.of(
            load(PF_R, 0x0, 0x400000, 0x1e3e8, 0x1e3e8),
            load(PF_R | PF_W, 0x544dc8, 0x945dc8, 0x13e4b0, 0x1832f0));
        List<MapsEntry> maps = maps(
            "00400000-0041f000 r--p 00000000 fd:01 5 /usr/bin/python3.11",
            "00945000-00946000 r--p 00544000 fd:01 5 /usr/bin/python3.11",
            "00946000-00a85000 rw-p 00545000 fd:01 5 /usr/bin/python3.11");

        assertThat(SemaphoreLocator.runtimeAddress(0xa84276, python, maps)).isEqualTo(0xa84276);
    }

    @Test
    void unknownWhenTheAddressIsInNoSegmentOrTheSegmentIsNotMapped() {
        List<MapsEntry> textOnly = maps("7f1234000000-7f1234103000 r--p 00000000 fd:01 42 /lib/libpython.so");

        assertThat(SemaphoreLocator.runtimeAddress(0x9999999, LIBPYTHON, textOnly)).isZero();
        assertThat(SemaphoreLocator.runtimeAddress(FUNCTION_ENTRY_SEMAPHORE, LIBPYTHON, textOnly)).isZero();
    }

    @Test
    void aReadOnlyDataMappingOfTheWholeFileDoesNotCount() {
        // Someone (a reader like ours) mapped the whole file; only the loader's mappings tell the bias.
        List<MapsEntry> maps = maps(
            "7f0000000000-7f00008c0000 r--s 00000000 fd:01 42 /lib/libpython.so",
            "7f1234600000-7f1234761000 rw-p 005ff000 fd:01 42 /lib/libpython.so");

        assertThat(SemaphoreLocator.runtimeAddress(FUNCTION_ENTRY_SEMAPHORE, LIBPYTHON, maps))
            .isEqualTo(BIAS + FUNCTION_ENTRY_SEMAPHORE);
    }

    private static ProgramHeader load(int flags, long offset, long vaddr, long filesz, long memsz) {
        return new ProgramHeader(PT_LOAD, flags, offset, vaddr, filesz, memsz, 0x1000);
    }

    private static List<MapsEntry> maps(String... lines) {
        return Stream.of(lines).map(l -> MapsEntry.parse(l).orElseThrow()).collect(Collectors.toList());
    }
}
