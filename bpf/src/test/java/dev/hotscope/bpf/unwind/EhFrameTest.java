package dev.hotscope.bpf.unwind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hotscope.bpf.TestNative;
import dev.hotscope.bpf.unwind.CfiRow.CfaRule;
import dev.hotscope.bpf.unwind.CfiRow.Rule;
import dev.hotscope.usdt.elf.ElfReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The CFI parser on the libc and libjvm.so this JVM runs on, checked against readelf's decoding. */
class EhFrameTest {
    private static final Pattern FDE = Pattern.compile(
        "^([0-9a-f]{8}) [0-9a-f]+ [0-9a-f]+ FDE cie=[0-9a-f]+ pc=([0-9a-f]+)\\.\\.([0-9a-f]+)$");
    private static final Pattern ROW = Pattern.compile("^([0-9a-f]{16}) (.*)$");
    private static final Pattern REGISTER_RULE = Pattern.compile("r(\\d+) \\([a-z0-9]+\\)");
    private static final String[] REGISTERS = {"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip"};

    private static Path library(String name) throws IOException {
        return TestNative.mappedFile(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"libc.so.6", "libjvm.so"})
    void everyFdeParsesAndTheSearchTableListsThemAll(String name) throws Exception {
        EhFrame cfi = EhFrame.read(library(name));

        List<EhFrame.Fde> fdes = cfi.fdes();

        assertThat(cfi.hasSearchTable()).isTrue();
        assertThat(fdes).hasSize(cfi.searchTableSize()).hasSizeGreaterThan(1000);
        for (EhFrame.Fde fde : fdes) {
            CfiRow end = cfi.rowAt(fde, Long.MAX_VALUE); // the whole program runs
            assertThat(end).isNotNull();
            if (fde.end() > fde.start()) {
                assertThat(cfi.fdeFor(fde.start())).as("%s", fde).isEqualTo(fde);
                assertThat(cfi.fdeFor(fde.end() - 1)).as("%s", fde).isEqualTo(fde);
                assertThat(cfi.rowAt(fde.start())).isNotNull();
            }
        }
    }

    @Test
    void functionEntriesHaveTheCallersStackPointerAtRspPlus8() throws Exception {
        assertEntries(library("libc.so.6"), "getppid", "syscall", "malloc", "pthread_cond_timedwait", "__libc_start_main",
            "clock_nanosleep");
        assertEntries(library("libjvm.so"), "JVM_Sleep", "JVM_CurrentTimeMillis", "JNI_CreateJavaVM", "JVM_StartThread");
    }

    private static void assertEntries(Path file, String... functions) throws Exception {
        EhFrame cfi = EhFrame.read(file);
        List<ElfReader.Symbol> symbols;
        try (ElfReader elf = ElfReader.open(file)) {
            symbols = elf.symbols();
        }
        for (String function : functions) {
            ElfReader.Symbol s = symbols.stream().filter(x -> x.name().equals(function) && x.value() != 0 && x.type() == 2)
                .findFirst().orElseThrow(() -> new AssertionError(function + " not in " + file));
            CfiRow entry = cfi.rowAt(s.value());
            assertThat(entry).as(function).isNotNull();
            assertThat(entry.cfaIsRspPlus(8)).as(function + ": " + entry).isTrue();
            assertThat(entry.ra()).as(function).isEqualTo(Rule.OFFSET);
            assertThat(entry.raOffset()).as(function).isEqualTo(-8);
            assertThat(entry.rbp()).as(function).isEqualTo(Rule.SAME_VALUE);
            // One byte in, a function that saves rbp first has pushed it: then CFA is rsp+16.
            CfiRow second = cfi.rowAt(s.value() + 1);
            assertThat(second).as(function).isNotNull();
            assertThat(second.cfa()).isEqualTo(CfaRule.REGISTER_OFFSET);
        }
    }

    @Test
    void recognizesThePltExpression() throws Exception {
        Path libc = library("libc.so.6");
        ElfReader.Section plt;
        try (ElfReader elf = ElfReader.open(libc)) {
            plt = elf.section(".plt").orElseThrow();
        }
        EhFrame cfi = EhFrame.read(libc);

        CfiRow first = cfi.rowAt(plt.addr());
        CfiRow entry = cfi.rowAt(plt.addr() + 16);

        assertThat(first.cfaIsRspPlus(16)).as(first.toString()).isTrue();
        assertThat(entry.cfa()).as(entry.toString()).isEqualTo(CfaRule.PLT);
        assertThat(entry.cfaOffset()).isEqualTo(8);
        assertThat(entry.pltThreshold()).isBetween(10, 11);
    }

    @ParameterizedTest
    @ValueSource(strings = {"libc.so.6", "libjvm.so"})
    void sortedIndexAgreesWithTheSearchTable(String name) throws Exception {
        Path file = library(name);
        EhFrame withIndex;
        try (ElfReader elf = ElfReader.open(file)) {
            ElfReader.Section frame = elf.section(".eh_frame").orElseThrow();
            withIndex = EhFrame.parse(name, elf.sectionBytes(frame), frame.addr(), null, 0);
        }
        EhFrame withTable = EhFrame.read(file);
        assertThat(withIndex.hasSearchTable()).isFalse();
        List<EhFrame.Fde> fdes = withTable.fdes();
        long low = fdes.get(0).start();
        long high = fdes.get(fdes.size() - 1).end();
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long pc = low - 16 + (long) (random.nextDouble() * (high - low + 32));
            assertThat(withIndex.fdeFor(pc)).as("0x%x", pc).isEqualTo(withTable.fdeFor(pc));
            assertThat(withIndex.rowAt(pc)).as("0x%x", pc).isEqualTo(withTable.rowAt(pc));
        }
    }

    /** Every row readelf -wF prints, compared column by column for CFA, rbp and the return address. */
    @ParameterizedTest
    @ValueSource(strings = {"libc.so.6", "libjvm.so"})
    void rowsMatchReadelf(String name) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/readelf")), "readelf is not installed");
        Path file = library(name);
        EhFrame cfi = EhFrame.read(file);
        Process readelf = new ProcessBuilder("/usr/bin/readelf", "-wF", file.toString()).redirectErrorStream(true).start();
        int rows = 0;
        List<String> mismatches = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(readelf.getInputStream(), StandardCharsets.UTF_8))) {
            String[] columns = null;
            boolean inFde = false;
            String line;
            while ((line = r.readLine()) != null) {
                Matcher fde = FDE.matcher(line);
                if (fde.matches()) {
                    inFde = true;
                    columns = null;
                    continue;
                }
                if (line.isBlank() || line.contains(" CIE")) {
                    inFde = false;
                    continue;
                }
                String trimmed = line.trim();
                if (inFde && trimmed.startsWith("LOC")) {
                    columns = trimmed.split("\\s+");
                    continue;
                }
                Matcher row = ROW.matcher(line);
                if (!inFde || columns == null || !row.matches()) {
                    continue;
                }
                long loc = Long.parseUnsignedLong(row.group(1), 16);
                // A register rule shows as "r9 (r9)": keep the number only, as one column.
                String[] values = REGISTER_RULE.matcher(row.group(2).trim()).replaceAll("r$1").split("\\s+");
                CfiRow ours = cfi.rowAt(loc);
                rows++;
                for (int i = 1; i < columns.length && i - 1 < values.length; i++) {
                    String theirs = values[i - 1];
                    String mine = switch (columns[i]) {
                        case "CFA" -> cfa(ours);
                        case "rbp" -> rule(ours.rbp(), ours.rbpOffset(), theirs);
                        case "ra" -> rule(ours.ra(), ours.raOffset(), theirs);
                        default -> theirs;
                    };
                    if (!mine.equals(theirs) && mismatches.size() < 20) {
                        mismatches.add(String.format("0x%x %s: readelf %s, ours %s (%s)", loc, columns[i], theirs, mine, ours));
                    }
                }
            }
        }
        assertThat(readelf.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(rows).isGreaterThan(1000);
        assertThat(mismatches).isEmpty();
    }

    private static String cfa(CfiRow row) {
        return switch (row.cfa()) {
            case REGISTER_OFFSET -> REGISTERS[row.cfaRegister()] + (row.cfaOffset() >= 0 ? "+" : "") + row.cfaOffset();
            case PLT, EXPRESSION -> "exp";
        };
    }

    /** readelf shows an unspecified register as {@code u}, as it does an undefined one; we say same value. */
    private static String rule(Rule rule, long offset, String theirs) {
        return switch (rule) {
            case UNDEFINED -> "u";
            case SAME_VALUE -> theirs.equals("u") ? "u" : "s";
            case OFFSET -> "c" + (offset >= 0 ? "+" : "") + offset;
            case VAL_OFFSET -> "v" + (offset >= 0 ? "+" : "") + offset;
            case REGISTER -> "r" + offset;
            case EXPRESSION -> "exp";
        };
    }

    @Test
    void malformedInputFailsWithTheOffset() {
        byte[] truncated = {0x14, 0, 0, 0, 0, 0, 0, 0, 1, 'z', 'R', 0};
        EhFrame cfi = EhFrame.parse("bad", truncated, 0x1000, null, 0);
        assertThatThrownBy(cfi::fdes).isInstanceOf(CfiException.class).hasMessageContaining("bad .eh_frame at offset 0x0");
    }

    @Test
    void interpretsACfaProgram() {
        // CIE: version 1, "zR", code align 1, data align -8, ra 16, pcrel|sdata4; def_cfa rsp+8; offset rip c-8.
        // FDE for [0x2000, 0x2040): push rbp (advance 1, def_cfa_offset 16, offset rbp c-16); mov rbp,rsp (advance 3,
        // def_cfa_register rbp); remember; advance 0x20; def_cfa rsp+8 (leave; ret); advance 1; restore_state: rbp again.
        byte[] cie = {
            0x14, 0, 0, 0, 0, 0, 0, 0, 1, 'z', 'R', 0, 1, 0x78, 16, 1, 0x1b,
            0x0c, 7, 8, (byte) 0x90, 1, 0, 0};
        byte[] fdeBody = {
            0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0,
            0x41, 0x0e, 16, (byte) 0x86, 2, 0x43, 0x0d, 6, 0x0a, 0x02, 0x20, 0x0c, 7, 8, 0x41, 0x0b, 0, 0};
        byte[] frame = new byte[cie.length + 4 + fdeBody.length + 4];
        System.arraycopy(cie, 0, frame, 0, cie.length);
        int fde = cie.length;
        putInt(frame, fde, fdeBody.length);
        System.arraycopy(fdeBody, 0, frame, fde + 4, fdeBody.length);
        putInt(frame, fde + 4, fde + 4);             // CIE pointer: back to offset 0
        putInt(frame, fde + 8, 0x2000 - (0x1000 + fde + 8)); // pcrel start
        EhFrame cfi = EhFrame.parse("synthetic", frame, 0x1000, null, 0);

        assertThat(cfi.rowAt(0x2000).toString()).isEqualTo("cfa=rsp+8 rbp=s ra=c-8");
        assertThat(cfi.rowAt(0x2001).toString()).isEqualTo("cfa=rsp+16 rbp=c-16 ra=c-8");
        assertThat(cfi.rowAt(0x2004).toString()).isEqualTo("cfa=rbp+16 rbp=c-16 ra=c-8");
        assertThat(cfi.rowAt(0x2023).toString()).isEqualTo("cfa=rbp+16 rbp=c-16 ra=c-8");
        assertThat(cfi.rowAt(0x2024).toString()).isEqualTo("cfa=rsp+8 rbp=c-16 ra=c-8");
        assertThat(cfi.rowAt(0x2025).toString()).isEqualTo("cfa=rbp+16 rbp=c-16 ra=c-8");
        assertThat(cfi.rowAt(0x2040)).isNull();
        assertThat(cfi.rowAt(0x1fff)).isNull();
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
        b[at + 3] = (byte) (v >> 24);
    }
}
