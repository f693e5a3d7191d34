package dev.hotscope.bpf.probe;

import dev.hotscope.bpf.BpfMap;
import dev.hotscope.bpf.tracefs.TraceEventFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Set;

/** Writes {@code struct hs_probe_config} (probe.h) into the program's .rodata, and the thread filter map. */
final class ProbeConfig {
    private static final int TGID = 0;
    private static final int USE_TIDS = 4;
    private static final int PAIRED = 8;
    private static final int STACKS = 12;
    private static final int MIN_DURATION = 16;
    private static final int FILTER_COUNT = 24;
    private static final int END_RET_FROM_RC = 28;
    private static final int FILTERS = 32;
    private static final int FILTER_BYTES = 16;
    private static final int START_FIELDS = 96;
    private static final int END_FIELDS = 128;
    private static final int SIZE = 160;

    private ProbeConfig() {}

    static void write(ByteBuffer rodata, ProbeSpec spec, Target start, Target end) {
        ByteBuffer r = rodata.order(ByteOrder.nativeOrder());
        if (r.capacity() < SIZE) {
            throw new IllegalStateException("probe.bpf.o's .rodata has " + r.capacity() + " bytes, expected " + SIZE
                + ": the object and ProbeConfig disagree");
        }
        r.putInt(TGID, spec.pid() > 0 ? (int) spec.pid() : 0);
        r.putInt(USE_TIDS, spec.tids().isEmpty() ? 0 : 1);
        r.putInt(PAIRED, end != null ? 1 : 0);
        r.putInt(STACKS, (spec.userStack() ? 1 : 0) | (spec.kernelStack() ? 2 : 0));
        r.putLong(MIN_DURATION, spec.minDurationNanos());
        List<ProbeSpec.ArgFilter> filters = spec.argFilters();
        r.putInt(FILTER_COUNT, filters.size());
        r.putInt(END_RET_FROM_RC, spec.hasReturns() ? 1 : 0);
        for (int i = 0; i < filters.size(); i++) {
            int at = FILTERS + i * FILTER_BYTES;
            r.putInt(at, filters.get(i).index());
            r.putInt(at + 4, filters.get(i).op().ordinal());
            r.putLong(at + 8, filters.get(i).value());
        }
        fields(r, START_FIELDS, start.fields());
        fields(r, END_FIELDS, end != null ? end.fields() : List.of());
    }

    /** struct hs_probe_fields: u32 count, u32 reserved, u16 offset[6], u8 size[6], u8 is_signed[6]. */
    private static void fields(ByteBuffer r, int at, List<TraceEventFormat.Field> fields) {
        r.putInt(at, fields.size());
        for (int i = 0; i < fields.size(); i++) {
            TraceEventFormat.Field f = fields.get(i);
            if (f.offset() > 0xffff) {
                throw new IllegalArgumentException("field " + f.name() + " lies at offset " + f.offset() + ", beyond what the probe reads");
            }
            r.putShort(at + 8 + 2 * i, (short) f.offset());
            r.put(at + 20 + i, (byte) f.valueSize());
            r.put(at + 26 + i, (byte) (f.valueSigned() ? 1 : 0));
        }
    }

    static void fillTids(BpfMap tids, Set<Long> threadIds) {
        byte[] one = {1};
        for (long tid : threadIds) {
            tids.update(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, (int) tid).array(), one);
        }
    }
}
