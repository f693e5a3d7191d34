// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Test counters, one slot per attach kind, bumped by programs attached from the Java tests. */
#include "test_types.h"
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

enum {
    HIT_UPROBE = 0,
    HIT_URETPROBE = 1,
    HIT_USDT = 2,
    HIT_USDT_COOKIE = 3,
    HIT_PERF = 4,
    HIT_KPROBE = 5,
    HIT_RAW_TP = 6,
    HIT_USDT_ARG0 = 7,
    HITS = 8,
};

const volatile __u32 tgid = 0;

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, HITS);
    __type(key, __u32);
    __type(value, __u64);
} hits SEC(".maps");

static __always_inline void hit(__u32 slot, __u64 delta)
{
    __u64 *v = bpf_map_lookup_elem(&hits, &slot);
    if (v)
        __sync_fetch_and_add(v, delta);
}

SEC("uprobe")
int count_uprobe(void *ctx)
{
    hit(HIT_UPROBE, 1);
    return 0;
}

SEC("uretprobe")
int count_uretprobe(void *ctx)
{
    hit(HIT_URETPROBE, 1);
    return 0;
}

SEC("usdt")
int count_usdt(struct pt_regs *ctx)
{
    long arg0 = 0;
    hit(HIT_USDT, 1);
    hit(HIT_USDT_COOKIE, bpf_usdt_cookie(ctx));
    if (bpf_usdt_arg_cnt(ctx) > 0 && bpf_usdt_arg(ctx, 0, &arg0) == 0)
        hit(HIT_USDT_ARG0, arg0);
    return 0;
}

SEC("perf_event")
int count_perf(void *ctx)
{
    hit(HIT_PERF, 1);
    return 0;
}

SEC("kprobe")
int count_kprobe(void *ctx)
{
    hit(HIT_KPROBE, 1);
    return 0;
}

SEC("raw_tracepoint")
int count_raw_tp(void *ctx)
{
    if ((__u32)(bpf_get_current_pid_tgid() >> 32) == tgid)
        hit(HIT_RAW_TP, 1);
    return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
