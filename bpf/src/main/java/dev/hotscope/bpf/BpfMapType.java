package dev.hotscope.bpf;

/** BPF map types ({@code enum bpf_map_type}); {@link #OTHER} for any this enum does not name. */
public enum BpfMapType {
    UNSPEC(0), HASH(1), ARRAY(2), PROG_ARRAY(3), PERF_EVENT_ARRAY(4), PERCPU_HASH(5), PERCPU_ARRAY(6),
    STACK_TRACE(7), CGROUP_ARRAY(8), LRU_HASH(9), LRU_PERCPU_HASH(10), LPM_TRIE(11), ARRAY_OF_MAPS(12),
    HASH_OF_MAPS(13), DEVMAP(14), SOCKMAP(15), CPUMAP(16), XSKMAP(17), SOCKHASH(18), CGROUP_STORAGE(19),
    REUSEPORT_SOCKARRAY(20), PERCPU_CGROUP_STORAGE(21), QUEUE(22), STACK(23), SK_STORAGE(24),
    DEVMAP_HASH(25), STRUCT_OPS(26), RINGBUF(27), INODE_STORAGE(28), TASK_STORAGE(29), BLOOM_FILTER(30),
    USER_RINGBUF(31), CGRP_STORAGE(32), OTHER(-1);

    private final int code;

    BpfMapType(int code) {
        this.code = code;
    }

    /** The kernel's number for this type; -1 for {@link #OTHER}. */
    public int code() {
        return code;
    }

    /** Whether each CPU has its own value (lookups return one value per possible CPU). */
    public boolean isPerCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH || this == PERCPU_CGROUP_STORAGE;
    }

    /**
     * The type of a kernel number.
     *
     * @param code the number
     * @return the type, {@link #OTHER} if unknown; never null
     */
    public static BpfMapType of(int code) {
        for (BpfMapType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return OTHER;
    }
}
