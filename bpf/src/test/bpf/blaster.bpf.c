// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Ring buffer load generator: every getppid() of the traced process writes `burst` fixed-size
 * records into `ring`; records the ring cannot take are counted, so sent + dropped = asked.
 */
#include "hotscope.bpf.h"

#define RECORD_BYTES 64

enum { SENT = 0, DROPPED = 1, COUNTERS = 2 };

struct blast_record {
    __u64 seq;
    __u64 ktime_ns;
    __u32 tid;
    __u32 cpu;
    __u8 pad[RECORD_BYTES - 24];
};

const volatile __u32 tgid = 0;
const volatile __u32 burst = 1;

__u64 seq = 0;

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 1024 * 1024);
} ring SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, COUNTERS);
    __type(key, __u32);
    __type(value, __u64);
} counters SEC(".maps");

static __always_inline void count(__u32 which)
{
    __u64 *c = bpf_map_lookup_elem(&counters, &which);
    if (c)
        *c += 1;
}

static long blast_one(__u32 index, void *ctx)
{
    struct blast_record *r = bpf_ringbuf_reserve(&ring, sizeof(*r), 0);
    if (!r) {
        count(DROPPED);
        return 0;
    }
    r->seq = __sync_fetch_and_add(&seq, 1);
    r->ktime_ns = bpf_ktime_get_ns();
    r->tid = (__u32)bpf_get_current_pid_tgid();
    r->cpu = bpf_get_smp_processor_id();
    bpf_ringbuf_submit(r, 0);
    count(SENT);
    return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int blast(void *ctx)
{
    if ((__u32)(bpf_get_current_pid_tgid() >> 32) != tgid)
        return 0;
    bpf_loop(burst, blast_one, 0, 0);
    return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
