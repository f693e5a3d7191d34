// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Fails verification on purpose: dereferences a map value without the NULL check. A hash map, since
 * recent verifiers know an array lookup with a constant in-range key cannot return NULL.
 */
#include "hotscope.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} slot SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int unchecked_lookup(void *ctx)
{
    __u32 key = 0;
    __u64 *value = bpf_map_lookup_elem(&slot, &key);
    *value += 1;
    return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
