package dev.hotscope.bpf;

import dev.hotscope.bpf.internal.Libbpf;
import dev.hotscope.bpf.internal.Native;
import dev.hotscope.bpf.internal.NativeMemory;
import dev.hotscope.bpf.internal.BpfErrno;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A map of a loaded {@link BpfObject}. Keys and values are raw bytes in the program's layout
 * (native byte order). Per-CPU maps hold one value per possible CPU: {@link #lookupPerCpu} splits
 * them, the raw forms take and return all of them back to back, each padded to 8 bytes
 * ({@link #valueBytes()} in all). Operations fail with IllegalStateException once the object is closed.
 */
public final class BpfMap {
    private static final int ENOENT = 2;
    private static final int EINVAL = 22;
    private static final int ENOSPC = 28;
    private static final int EOPNOTSUPP = 95;
    private static final int ENOTSUPP = 524;
    private static final int BATCH = 256;

    /** How {@link #update} treats an existing or missing key (BPF_ANY, BPF_NOEXIST, BPF_EXIST). */
    public enum UpdateFlag {
        /** Create or replace. */
        ANY,
        /** Create only; fails with EEXIST if the key exists. */
        NOEXIST,
        /** Replace only; fails with ENOENT if the key is missing. */
        EXIST
    }

    /** One key with its value (one per possible CPU for per-CPU maps). */
    public static final class Entry {
        private final byte[] key;
        private final List<byte[]> values;

        Entry(byte[] key, List<byte[]> values) {
            this.key = key;
            this.values = values;
        }

        /** The key's bytes (a copy owned by the caller). */
        public byte[] key() {
            return key;
        }

        /** The value; for a per-CPU map the first CPU's. */
        public byte[] value() {
            return values.get(0);
        }

        /** The values: one, or one per possible CPU; unmodifiable. */
        public List<byte[]> values() {
            return values;
        }
    }

    private final BpfObject owner;
    private final String name;
    private final BpfMapType type;
    private final int typeCode;
    private final int fd;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final int cpus;

    BpfMap(BpfObject owner, String name, int typeCode, int fd, int keySize, int valueSize, int maxEntries) {
        this.owner = owner;
        this.name = name;
        this.typeCode = typeCode;
        this.type = BpfMapType.of(typeCode);
        this.fd = fd;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxEntries = maxEntries;
        this.cpus = type.isPerCpu() ? Math.max(1, Native.libbpf().libbpf_num_possible_cpus()) : 1;
    }

    BpfObject owner() {
        return owner;
    }

    /** The map's name. */
    public String name() {
        return name;
    }

    /** The map's type; {@link BpfMapType#OTHER} for types this library does not name. */
    public BpfMapType type() {
        return type;
    }

    /** The kernel's number for the map's type. */
    public int typeCode() {
        return typeCode;
    }

    /** The map's fd, owned by its object (do not close it). */
    public int fd() {
        return fd;
    }

    /**
     * The kernel's id for the map, as {@code bpftool map show} lists it.
     *
     * @return the id
     * @throws IllegalStateException if the object is closed
     */
    public long id() {
        owner.beginMapOperation("id of map '" + name + "'");
        try {
            return dev.hotscope.bpf.internal.ObjectIds.idOf(fd);
        } finally {
            owner.endMapOperation();
        }
    }

    /** Bytes per key. */
    public int keySize() {
        return keySize;
    }

    /** Bytes per value (per CPU for per-CPU maps). */
    public int valueSize() {
        return valueSize;
    }

    /** The capacity (for a ring buffer: its data size in bytes). */
    public int maxEntries() {
        return maxEntries;
    }

    /** Values per key: the possible CPUs for a per-CPU map, else 1. */
    public int valuesPerKey() {
        return cpus;
    }

    /** Bytes a lookup fills and an update takes: valueSize, or per-CPU maps: possible CPUs × valueSize rounded up to 8. */
    public int valueBytes() {
        return type.isPerCpu() ? cpus * stride() : valueSize;
    }

    private int stride() {
        return (valueSize + 7) & ~7;
    }

    /**
     * The value of a key.
     *
     * @param key exactly {@link #keySize()} bytes; not null
     * @return the value ({@link #valueSize()} bytes), or null if the key is absent
     * @throws IllegalStateException if the map is per-CPU (use {@link #lookupPerCpu}) or its object is closed
     * @throws IllegalArgumentException if the key has the wrong size
     * @throws BpfException with errno if the kernel fails the lookup
     */
    public byte[] lookup(byte[] key) {
        if (type.isPerCpu()) {
            throw new IllegalStateException("map '" + name + "' is per-CPU: use lookupPerCpu()");
        }
        byte[] raw = lookupRaw(key);
        return raw;
    }

    /**
     * The values of a key in a per-CPU map, one per possible CPU.
     *
     * @param key exactly {@link #keySize()} bytes; not null
     * @return {@link #valuesPerKey()} values of {@link #valueSize()} bytes, or null if the key is absent
     * @throws IllegalStateException if the map is not per-CPU or its object is closed
     * @throws IllegalArgumentException if the key has the wrong size
     * @throws BpfException with errno if the kernel fails the lookup
     */
    public List<byte[]> lookupPerCpu(byte[] key) {
        if (!type.isPerCpu()) {
            throw new IllegalStateException("map '" + name + "' is not per-CPU: use lookup()");
        }
        byte[] raw = lookupRaw(key);
        return raw == null ? null : split(raw, 0);
    }

    private byte[] lookupRaw(byte[] key) {
        checkKey(key);
        owner.beginMapOperation("lookup in map '" + name + "'");
        try (NativeMemory k = NativeMemory.of(key); NativeMemory v = NativeMemory.allocate(valueBytes(), true)) {
            if (Native.libbpf().bpf_map_lookup_elem(fd, k.address(), v.address()) != 0) {
                return absentOrThrow("lookup", Native.libbpfErrno());
            }
            return v.get(0, valueBytes());
        } finally {
            owner.endMapOperation();
        }
    }

    /**
     * Looks a key up into a buffer, without allocating for direct buffers. Positions are unchanged.
     *
     * @param key its remaining bytes are the key, exactly {@link #keySize()}; not null
     * @param value receives {@link #valueBytes()} bytes at its position; at least that many remaining; not null or read-only
     * @return false if the key is absent (the value buffer is then untouched)
     * @throws IllegalArgumentException if a buffer has the wrong size
     * @throws ReadOnlyBufferException if the value buffer is read-only
     * @throws IllegalStateException if the object is closed
     * @throws BpfException with errno if the kernel fails the lookup
     */
    public boolean lookup(ByteBuffer key, ByteBuffer value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.remaining() != keySize) {
            throw new IllegalArgumentException("key for map '" + name + "' must have " + keySize + " bytes remaining, has "
                + key.remaining());
        }
        if (value.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        if (value.remaining() < valueBytes()) {
            throw new IllegalArgumentException("value buffer for map '" + name + "' needs " + valueBytes()
                + " bytes remaining, has " + value.remaining());
        }
        owner.beginMapOperation("lookup in map '" + name + "'");
        try (NativeMemory k = copyIfHeap(key); NativeMemory v = value.isDirect() ? null : NativeMemory.allocate(valueBytes(), true)) {
            long keyAddress = k != null ? k.address() : address(key);
            long valueAddress = v != null ? v.address() : address(value);
            if (Native.libbpf().bpf_map_lookup_elem(fd, keyAddress, valueAddress) != 0) {
                absentOrThrow("lookup", Native.libbpfErrno());
                return false;
            }
            if (v != null) {
                value.duplicate().put(v.get(0, valueBytes()));
            }
            return true;
        } finally {
            // Direct buffers were passed by address: keep them alive until the kernel is done.
            java.lang.ref.Reference.reachabilityFence(key);
            java.lang.ref.Reference.reachabilityFence(value);
            owner.endMapOperation();
        }
    }

    /**
     * Sets a key's value, creating or replacing it.
     *
     * @param key exactly {@link #keySize()} bytes; not null
     * @param value exactly {@link #valueBytes()} bytes; not null
     * @throws IllegalArgumentException if a size is wrong
     * @throws IllegalStateException if the object is closed
     * @throws BpfException with errno if the kernel refuses (E2BIG: map full)
     */
    public void update(byte[] key, byte[] value) {
        update(key, value, UpdateFlag.ANY);
    }

    /**
     * Sets a key's value.
     *
     * @param key exactly {@link #keySize()} bytes; not null
     * @param value exactly {@link #valueBytes()} bytes; not null
     * @param flag whether the key must or must not exist; not null
     * @throws IllegalArgumentException if a size is wrong
     * @throws IllegalStateException if the object is closed
     * @throws BpfException with errno if the kernel refuses (EEXIST, ENOENT per flag; E2BIG: map full)
     */
    public void update(byte[] key, byte[] value, UpdateFlag flag) {
        checkKey(key);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(flag, "flag");
        if (value.length != valueBytes()) {
            throw new IllegalArgumentException("value for map '" + name + "' must have " + valueBytes() + " bytes, has "
                + value.length);
        }
        owner.beginMapOperation("update of map '" + name + "'");
        try (NativeMemory k = NativeMemory.of(key); NativeMemory v = NativeMemory.of(value)) {
            if (Native.libbpf().bpf_map_update_elem(fd, k.address(), v.address(), flag.ordinal()) != 0) {
                int errno = Native.libbpfErrno();
                throw new BpfException("update of map '" + name + "' failed: " + BpfErrno.describe(errno), errno, null);
            }
        } finally {
            owner.endMapOperation();
        }
    }

    /**
     * Deletes a key.
     *
     * @param key exactly {@link #keySize()} bytes; not null
     * @return false if the key was absent
     * @throws IllegalArgumentException if the key has the wrong size
     * @throws IllegalStateException if the object is closed
     * @throws BpfException with errno if the kernel refuses (EINVAL for arrays, whose keys cannot be deleted)
     */
    public boolean delete(byte[] key) {
        checkKey(key);
        owner.beginMapOperation("delete in map '" + name + "'");
        try (NativeMemory k = NativeMemory.of(key)) {
            if (Native.libbpf().bpf_map_delete_elem(fd, k.address()) != 0) {
                absentOrThrow("delete", Native.libbpfErrno());
                return false;
            }
            return true;
        } finally {
            owner.endMapOperation();
        }
    }

    /**
     * The keys now in the map (bpf_map_get_next_key); a map changing meanwhile may yield a key twice
     * or miss one, as with any BPF map iteration. At most 2 × maxEntries keys are returned.
     *
     * @return the keys; a new modifiable list
     * @throws IllegalStateException if the object is closed
     * @throws BpfException with errno if the kernel fails
     */
    public List<byte[]> keys() {
        List<byte[]> keys = new ArrayList<>();
        owner.beginMapOperation("keys of map '" + name + "'");
        try (NativeMemory current = NativeMemory.allocate(Math.max(1, keySize), true);
             NativeMemory next = NativeMemory.allocate(Math.max(1, keySize), true)) {
            Libbpf libbpf = Native.libbpf();
            long previous = 0;
            long limit = 2L * Math.max(1, maxEntries);
            while (keys.size() < limit) {
                if (libbpf.bpf_map_get_next_key(fd, previous, next.address()) != 0) {
                    int errno = Native.libbpfErrno();
                    if (errno == ENOENT) {
                        break;
                    }
                    throw new BpfException("iterating map '" + name + "' failed: " + BpfErrno.describe(errno), errno, null);
                }
                byte[] key = next.get(0, keySize);
                keys.add(key);
                current.put(0, key, 0, keySize);
                previous = current.address();
            }
        } finally {
            owner.endMapOperation();
        }
        return keys;
    }

    /**
     * Every entry, read with batch lookups where the kernel supports them for this map type,
     * else key by key.
     *
     * @return the entries; a new modifiable list
     * @throws IllegalStateException if the object is closed
     * @throws BpfException with errno if the kernel fails
     */
    public List<Entry> entries() {
        try {
            return entriesBatch();
        } catch (BpfUnsupportedException e) {
            List<Entry> entries = new ArrayList<>();
            for (byte[] key : keys()) {
                byte[] raw = lookupRaw(key);
                if (raw != null) {
                    entries.add(new Entry(key, split(raw, 0)));
                }
            }
            return entries;
        }
    }

    /**
     * Every entry, read only with batch lookups (bpf_map_lookup_batch).
     *
     * @return the entries; a new modifiable list
     * @throws BpfUnsupportedException if the kernel has no batch lookup for this map type
     * @throws IllegalStateException if the object is closed
     * @throws BpfException with errno if the kernel fails
     */
    public List<Entry> entriesBatch() {
        List<Entry> entries = new ArrayList<>();
        int chunk = Math.min(BATCH, Math.max(1, maxEntries));
        owner.beginMapOperation("batch lookup in map '" + name + "'");
        try (NativeMemory tokenIn = NativeMemory.allocate(Math.max(8, keySize), true);
             NativeMemory tokenOut = NativeMemory.allocate(Math.max(8, keySize), true);
             NativeMemory count = NativeMemory.allocate(4, true)) {
            Libbpf libbpf = Native.libbpf();
            boolean first = true;
            while (true) {
                int done;
                try (NativeMemory keys = NativeMemory.allocate((long) chunk * keySize, true);
                     NativeMemory values = NativeMemory.allocate((long) chunk * valueBytes(), true)) {
                    count.putInt(0, chunk);
                    int rc = libbpf.bpf_map_lookup_batch(fd, first ? 0 : tokenIn.address(), tokenOut.address(),
                        keys.address(), values.address(), count.address(), 0);
                    int errno = rc == 0 ? 0 : Native.libbpfErrno();
                    if (rc != 0 && errno == ENOSPC && chunk < Math.max(BATCH, maxEntries)) {
                        chunk *= 2; // a hash bucket holds more entries than one chunk: retry bigger
                        continue;
                    }
                    if (rc != 0 && errno != ENOENT) {
                        if (first && (errno == EINVAL || errno == EOPNOTSUPP || errno == ENOTSUPP)) {
                            throw new BpfUnsupportedException("batch lookup is not supported for map '" + name + "' ("
                                + type + "): " + BpfErrno.describe(errno), errno);
                        }
                        throw new BpfException("batch lookup in map '" + name + "' failed: " + BpfErrno.describe(errno),
                            errno, null);
                    }
                    done = Math.max(0, Math.min(chunk, count.getInt(0)));
                    for (int i = 0; i < done; i++) {
                        byte[] raw = values.get((long) i * valueBytes(), valueBytes());
                        entries.add(new Entry(keys.get((long) i * keySize, keySize), split(raw, 0)));
                    }
                    if (rc != 0) {
                        return entries; // ENOENT: the last batch
                    }
                }
                tokenIn.put(0, tokenOut.get(0, (int) tokenOut.size()), 0, (int) tokenOut.size());
                first = false;
            }
        } finally {
            owner.endMapOperation();
        }
    }

    private List<byte[]> split(byte[] raw, int from) {
        if (!type.isPerCpu()) {
            return Collections.singletonList(raw);
        }
        List<byte[]> values = new ArrayList<>(cpus);
        for (int cpu = 0; cpu < cpus; cpu++) {
            int start = from + cpu * stride();
            values.add(Arrays.copyOfRange(raw, start, start + valueSize));
        }
        return Collections.unmodifiableList(values);
    }

    private byte[] absentOrThrow(String operation, int errno) {
        if (errno == ENOENT) {
            return null;
        }
        throw new BpfException(operation + " in map '" + name + "' failed: " + BpfErrno.describe(errno), errno, null);
    }

    private void checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != keySize) {
            throw new IllegalArgumentException("key for map '" + name + "' must have " + keySize + " bytes, has "
                + key.length);
        }
    }

    private static NativeMemory copyIfHeap(ByteBuffer buffer) {
        if (buffer.isDirect()) {
            return null;
        }
        NativeMemory memory = NativeMemory.allocate(buffer.remaining(), true);
        memory.put(0, buffer, buffer.remaining());
        return memory;
    }

    private static long address(ByteBuffer direct) {
        long base = Native.memory().getDirectBufferAddress(direct);
        if (base == 0) {
            throw new IllegalArgumentException("direct buffer has no address");
        }
        return base + direct.position();
    }

    @Override
    public String toString() {
        return "BpfMap[" + name + ", " + type + ", key " + keySize + " B, value " + valueSize + " B, max " + maxEntries + "]";
    }
}
