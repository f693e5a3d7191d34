// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Test program for dev.hotscope.bpf.unwind: at raw_syscalls:sys_enter of one process (optionally
 * one thread) and one syscall, sends the user registers and the top of the user stack.
 */
#include "hotscope.bpf.h"
#include "user_stack.h"

struct stackcopy_config {
    __u32 tgid;   /* the traced process */
    __u32 tid;    /* the traced thread, 0 for all */
    __s32 nr;     /* the syscall, -1 for all */
    __u32 no_find_vma; /* 1: copy without looking the stack's mapping up (tests the retries) */
};

const volatile struct stackcopy_config cfg = { .nr = -1 };

struct stackcopy_event {
    __u32 tid;
    __s32 nr;
    __u64 copy_ns;    /* how long hs_copy_user_stack() took */
    struct hs_user_stack stack;
};

_Static_assert(sizeof(struct stackcopy_event) == 16 + 32 + HS_USER_STACK_BYTES, "event layout");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 1024 * 1024);
} events SEC(".maps");

/* 0: sent, 1: dropped (ring buffer full), 2: no stack bytes could be read */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 3);
    __type(key, __u32);
    __type(value, __u64);
} stats SEC(".maps");

static __always_inline void bump(__u32 slot)
{
    __u64 *v = bpf_map_lookup_elem(&stats, &slot);
    if (v)
        __sync_fetch_and_add(v, 1);
}

SEC("tracepoint/raw_syscalls/sys_enter")
int stackcopy_sys_enter(struct trace_event_raw_sys_enter *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if ((__u32)(pid_tgid >> 32) != cfg.tgid)
        return 0;
    if (cfg.tid != 0 && (__u32)pid_tgid != cfg.tid)
        return 0;
    long nr = BPF_CORE_READ(ctx, id);
    if (cfg.nr >= 0 && nr != cfg.nr)
        return 0;
    struct stackcopy_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) {
        bump(1);
        return 0;
    }
    e->tid = (__u32)pid_tgid;
    e->nr = (__s32)nr;
    __u64 start = bpf_ktime_get_ns();
    if (hs_copy_user_stack_how(&e->stack, !cfg.no_find_vma) == 0)
        bump(2);
    e->copy_ns = bpf_ktime_get_ns() - start;
    bpf_ringbuf_submit(e, 0);
    bump(0);
    return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
