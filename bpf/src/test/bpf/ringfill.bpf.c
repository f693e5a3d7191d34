// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Ring buffer pre-filler for consumer benchmarks: one getpriority(RINGFILL_MAGIC, n) from any
 * process writes n records of `record_bytes` bytes into `ring` inside that one syscall (bpf_loop),
 * so a consumer can then be timed draining a full ring with no producer running beside it.
 * Records: u64 seq (counting from 0 across fills), u64 index within the fill, the rest left as
 * the ring had it. Records the ring cannot take are counted, so sent + dropped = asked (summed per
 * fill into `counters`, with the number of fills). No consumer is ever woken (BPF_RB_NO_WAKEUP): consumers poll. The syscall
 * itself fails with EINVAL (no such `which`).
 */
#include "hotscope.bpf.h"

#define RINGFILL_MAGIC 0x52494e47 /* "RING" */

enum { SENT = 0, DROPPED = 1, FILLS = 2, COUNTERS = 3 };

/* Payload bytes per record, a multiple of 8 from 16 to 4096; a known constant to the verifier. */
const volatile __u32 record_bytes = 16;

__u64 seq = 0;

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 16 * 1024 * 1024);
} ring SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, COUNTERS);
    __type(key, __u32);
    __type(value, __u64);
} counters SEC(".maps");

/* tracepoint syscalls:sys_enter_getpriority, from its format file (not CO-RE: a stable ABI). */
struct getpriority_enter {
    __u64 common;
    __s32 nr;
    __u32 pad;
    __u64 which;
    __u64 who;
};

struct fill_state {
    __u64 sent;
    __u64 dropped;
};

static __always_inline void add(__u32 which, __u64 n)
{
    __u64 *c = bpf_map_lookup_elem(&counters, &which);
    if (c)
        *c += n;
}

static long fill_one(__u32 index, void *ctx)
{
    struct fill_state *state = ctx;
    if (record_bytes < 16 || record_bytes > 4096)
        return 1;
    __u64 *r = bpf_ringbuf_reserve(&ring, record_bytes, 0);
    if (!r) {
        state->dropped++;
        return 0;
    }
    r[0] = seq++;
    r[1] = index;
    /* No wakeups: nobody waits, and a wakeup per record would make filling slow. */
    bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
    state->sent++;
    return 0;
}

SEC("tracepoint/syscalls/sys_enter_getpriority")
int fill(struct getpriority_enter *ctx)
{
    if (ctx->which != RINGFILL_MAGIC)
        return 0;
    struct fill_state state = {};
    bpf_loop((__u32)ctx->who, fill_one, &state, 0);
    add(SENT, state.sent);
    add(DROPPED, state.dropped);
    add(FILLS, 1);
    return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
