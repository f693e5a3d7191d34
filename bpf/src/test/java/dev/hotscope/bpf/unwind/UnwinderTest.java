package dev.hotscope.bpf.unwind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotscope.bpf.TestNative;
import dev.hotscope.bpf.proc.ProcessMaps;
import dev.hotscope.bpf.unwind.UnwoundStack.StopReason;
import dev.hotscope.usdt.elf.ElfReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Walks synthetic stacks against this JVM's own mappings (no BPF needed): its code cache is
 * anonymous executable memory, so frame-pointer steps; its libc has CFI.
 */
class UnwinderTest {
    private static final long RSP = 0x7000_0000_0000L;

    private long jit;
    private Unwinder unwinder;

    @BeforeEach
    void setUp() throws Exception {
        ProcessMaps maps = ProcessMaps.read(TestNative.pid()).executableOnly();
        ProcessMaps.Mapping cache = maps.mappings().stream().filter(m -> m.path.isEmpty()).findFirst()
            .orElseThrow(() -> new AssertionError("no anonymous executable mapping (code cache) in " + maps.mappings()));
        jit = cache.start + 0x100;
        unwinder = Unwinder.forProcess(TestNative.pid());
    }

    /** A stack copy of {@code words} 8-byte slots starting at {@link #RSP}. */
    private static ByteBuffer stack(long... words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long w : words) {
            b.putLong(w);
        }
        return b.flip();
    }

    private static long slot(int i) {
        return RSP + 8L * i;
    }

    @Test
    void followsFramePointersThroughAnonymousCode() {
        // frame 0 at jit, rbp = slot 2: [slot 2] = slot 6 (saved rbp), [slot 3] = jit+0x10; [slot 6] = 0, [slot 7] = jit+0x20;
        // then rbp 0 cannot be followed: the stack ends.
        ByteBuffer s = stack(1, 2, slot(6), jit + 0x10, 4, 5, 0, jit + 0x20, 8);

        UnwoundStack u = unwinder.unwind(jit, RSP, slot(2), s);

        assertThat(u.addresses()).containsExactly(jit, jit + 0x10, jit + 0x20);
        assertThat(u.framePointerSteps()).isEqualTo(2);
        assertThat(u.cfiSteps()).isZero();
        assertThat(u.stop()).isEqualTo(StopReason.LEFT_STACK_COPY);
    }

    @Test
    void stopsAtAZeroReturnAddress() {
        UnwoundStack u = unwinder.unwind(jit, RSP, slot(0), stack(slot(2), 0, 0, 0));
        assertThat(u.addresses()).containsExactly(jit);
        assertThat(u.stop()).isEqualTo(StopReason.END_OF_STACK);
    }

    @Test
    void stopsWhenTheStackPointerWouldNotGrow() {
        // [slot 2] points back down to slot 0, whose frame would be below the current one.
        UnwoundStack u = unwinder.unwind(jit, RSP + 16, slot(2), ByteBuffer.allocate(0));
        assertThat(u.stop()).isEqualTo(StopReason.LEFT_STACK_COPY);
        ByteBuffer s = stack(slot(2), jit + 1, slot(0), jit + 2);
        UnwoundStack loop = unwinder.unwind(jit, RSP, slot(2), s);
        assertThat(loop.addresses()).containsExactly(jit, jit + 2);
        assertThat(loop.stop()).isEqualTo(StopReason.SP_NOT_INCREASING);
    }

    @Test
    void stopsAtUnmappedAddressesAndAfterMaxFrames() {
        UnwoundStack unmapped = unwinder.unwind(jit, RSP, slot(0), stack(slot(2), 0x10, 0, 0));
        assertThat(unmapped.addresses()).containsExactly(jit, 0x10);
        assertThat(unmapped.stop()).isEqualTo(StopReason.UNMAPPED_PC);

        long[] words = new long[2 * 200];
        for (int i = 0; i < 200; i++) {
            words[2 * i] = slot(2 * i + 2);
            words[2 * i + 1] = jit + i;
        }
        UnwoundStack deep = unwinder.unwind(jit, RSP, slot(0), stack(words));
        assertThat(deep.depth()).isEqualTo(Unwinder.MAX_FRAMES);
        assertThat(deep.stop()).isEqualTo(StopReason.MAX_FRAMES);
    }

    /** At a libc function's first instruction the CFA is rsp+8: the return address is at [rsp], rbp untouched. */
    @Test
    void stepsOutOfALibcFunctionWithCfiThenByFramePointer() throws Exception {
        Path libc = TestNative.mappedFile("libc.so.6");
        long fileOffset;
        try (ElfReader elf = ElfReader.open(libc)) {
            long getppid = elf.symbols().stream().filter(x -> x.name().equals("getppid") && x.value() != 0)
                .findFirst().orElseThrow().value();
            fileOffset = elf.fileOffsetOf(getppid);
        }
        ProcessMaps.Mapping text = ProcessMaps.read(TestNative.pid()).executableOnly().mappings().stream()
            .filter(m -> m.path.equals(libc.toString()) && fileOffset >= m.offset && fileOffset < m.offset + m.end - m.start)
            .findFirst().orElseThrow();
        long rip = text.start + fileOffset - text.offset;

        // [rsp] = return address into "JIT code" whose frame has rbp = slot 2: [slot 2] = 0 / [slot 3] = 0: the end.
        UnwoundStack u = unwinder.unwind(rip, RSP, slot(2), stack(jit + 0x40, 1, 0, 0));

        assertThat(u.addresses()).containsExactly(rip, jit + 0x40);
        assertThat(u.cfiSteps()).isEqualTo(1);
        assertThat(u.stop()).isEqualTo(StopReason.END_OF_STACK);
    }

    /**
     * glibc's signal trampoline ({@code __restore_rt}) finds its caller with a DWARF expression
     * reading the saved signal context: the walk stops there and says why.
     */
    @Test
    void aCfaExpressionStopsTheWalkAsUnsupported() throws Exception {
        Path libc = TestNative.mappedFile("libc.so.6");
        EhFrame cfi = EhFrame.read(libc);
        EhFrame.Fde trampoline = cfi.fdes().stream()
            .filter(f -> f.end() > f.start() && cfi.rowAt(f.start()).cfa() == CfiRow.CfaRule.EXPRESSION)
            .findFirst().orElseThrow(() -> new AssertionError("no CFA expression in " + libc));
        long rip = runtimeAddress(libc, trampoline.start());

        UnwoundStack u = unwinder.unwind(rip, RSP, slot(2), stack(jit + 0x40, 1, 0, 0));

        assertThat(u.addresses()).containsExactly(rip);
        assertThat(u.stop()).isEqualTo(StopReason.UNSUPPORTED_CFI);
    }

    @Test
    void readsTheRecordLayout() {
        ByteBuffer record = ByteBuffer.allocate(16 + UserStackSample.RECORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        record.putLong(16, 0x1111).putLong(24, 0x2222).putLong(32, 0x3333).putInt(40, 24).putInt(44, -14);
        record.putLong(48, 0xabcdL).putLong(64, 0xef01L);

        UserStackSample view = UserStackSample.view(record, 16);
        UserStackSample copy = view.copy();

        assertThat(copy.ip()).isEqualTo(0x1111);
        assertThat(copy.sp()).isEqualTo(0x2222);
        assertThat(copy.bp()).isEqualTo(0x3333);
        assertThat(copy.error()).isEqualTo(-14);
        assertThat(copy.size()).isEqualTo(24);
        assertThat(copy.stack().getLong(0)).isEqualTo(0xabcd);
        assertThat(copy.stack().getLong(16)).isEqualTo(0xef01);
        assertThatThrownBy(() -> UserStackSample.view(record, record.capacity() - 8))
            .isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** Where this JVM maps a link-time address of one of its files. */
    private static long runtimeAddress(Path file, long vaddr) throws Exception {
        long fileOffset;
        try (ElfReader elf = ElfReader.open(file)) {
            fileOffset = elf.fileOffsetOf(vaddr);
        }
        ProcessMaps.Mapping text = ProcessMaps.read(TestNative.pid()).executableOnly().mappings().stream()
            .filter(m -> m.path.equals(file.toString()) && fileOffset >= m.offset && fileOffset < m.offset + m.end - m.start)
            .findFirst().orElseThrow();
        return text.start + fileOffset - text.offset;
    }

    @Test
    void rejectsUnknownProcesses() {
        assertThatThrownBy(() -> Unwinder.forProcess(-1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no process");
    }
}
