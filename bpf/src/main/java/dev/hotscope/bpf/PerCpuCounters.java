package dev.hotscope.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;

/**
 * Reads a per-CPU array of u64 counters ({@code BPF_MAP_TYPE_PERCPU_ARRAY}, 4-byte keys, 8-byte
 * values), such as a program's sent/dropped counts, summing over the possible CPUs.
 */
public final class PerCpuCounters {
    private final BpfMap map;

    private PerCpuCounters(BpfMap map) {
        this.map = map;
    }

    /**
     * Wraps a map.
     *
     * @param map a per-CPU array with u32 keys and u64 values; not null
     * @return the counters view
     * @throws IllegalArgumentException if the map has another type or layout
     */
    public static PerCpuCounters of(BpfMap map) {
        Objects.requireNonNull(map, "map");
        if (map.type() != BpfMapType.PERCPU_ARRAY || map.keySize() != 4 || map.valueSize() != 8) {
            throw new IllegalArgumentException("map '" + map.name() + "' is " + map + ": counters need a PERCPU_ARRAY"
                + " with 4-byte keys and 8-byte values");
        }
        return new PerCpuCounters(map);
    }

    /** The number of counters (the array's size). */
    public int size() {
        return map.maxEntries();
    }

    /**
     * One counter's value on each possible CPU.
     *
     * @param index the counter, from 0
     * @return one value per possible CPU
     * @throws IndexOutOfBoundsException if the index is outside the array
     * @throws IllegalStateException if the map's object is closed
     * @throws BpfException with errno if the lookup fails
     */
    public long[] perCpu(int index) {
        Objects.checkIndex(index, size());
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(index).array();
        List<byte[]> values = map.lookupPerCpu(key);
        long[] counts = new long[values == null ? 0 : values.size()];
        for (int cpu = 0; cpu < counts.length; cpu++) {
            counts[cpu] = ByteBuffer.wrap(values.get(cpu)).order(ByteOrder.nativeOrder()).getLong();
        }
        return counts;
    }

    /**
     * One counter summed over all CPUs.
     *
     * @param index the counter, from 0
     * @return the sum
     * @throws IndexOutOfBoundsException if the index is outside the array
     * @throws IllegalStateException if the map's object is closed
     * @throws BpfException with errno if the lookup fails
     */
    public long sum(int index) {
        long total = 0;
        for (long count : perCpu(index)) {
            total += count;
        }
        return total;
    }

    /** Every counter summed over all CPUs, by index. @throws IllegalStateException if the object is closed */
    public long[] sums() {
        long[] sums = new long[size()];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = sum(i);
        }
        return sums;
    }
}
