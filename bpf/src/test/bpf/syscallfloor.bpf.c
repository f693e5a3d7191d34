// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The floor of syscall tracing, for benchmarks: raw tracepoint programs on sys_enter and sys_exit
 * that only compare the tgid with `tgid` (and count matches), like the first lines of
 * syscalls.bpf.c but attached as raw tracepoints (BPF_PROG_TYPE_RAW_TRACEPOINT: called with the
 * tracepoint's arguments, no trace record built first) instead of classic tracepoints.
 */
#include "hotscope.bpf.h"

const volatile __u32 tgid = 0;

__u64 matched = 0;

static __always_inline int filter(void)
{
    if ((__u32)(bpf_get_current_pid_tgid() >> 32) == tgid)
        __sync_fetch_and_add(&matched, 1);
    return 0;
}

SEC("raw_tracepoint/sys_enter")
int floor_enter(void *ctx)
{
    return filter();
}

SEC("raw_tracepoint/sys_exit")
int floor_exit(void *ctx)
{
    return filter();
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
