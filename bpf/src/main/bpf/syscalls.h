/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Layout shared by syscalls.bpf.c and its Java reader (dev.hotscope.bpf.syscalls): every struct
 * here is read byte by byte in Java, so change both together; the static asserts pin the sizes.
 */
#ifndef HOTSCOPE_SYSCALLS_H
#define HOTSCOPE_SYSCALLS_H

#define HS_MAX_THREADS 65536
#define HS_MAX_HISTS 65536
#define HS_HIST_SLOTS 32
#define HS_KERNEL_FRAMES 32

enum hs_counter {
    HS_COUNTER_SENT = 0,
    HS_COUNTER_DROPPED = 1,
    HS_COUNTER_INFLIGHT_FULL = 2,
    HS_COUNTER_HISTS_FULL = 3,
    HS_COUNTER_THROTTLED = 4,   /* slow calls over budget: in the histograms, not sent */
    HS_COUNTERS = 5,
};

/* .rodata, set by the loader before load. */
struct hs_syscalls_config {
    __u32 tgid;          /* the traced process */
    __u32 flags;         /* HS_SYSCALLS_NO_STACKS: send slow calls without stacks (small records) */
    __u64 min_ns;        /* calls at least this slow are sent */
    __u64 budget;        /* records sent per budget window (budget.h) at most; 0 unlimited */
};

#define HS_SYSCALLS_NO_STACKS 1u

struct hs_inflight {
    __u64 start_ns;      /* bpf_ktime_get_ns() at entry (CLOCK_MONOTONIC); 0 when not in a call */
    __u32 nr;            /* syscall number */
    __u32 reserved;
};

struct hs_hist_key {
    __u32 tid;
    __u32 nr;
};

struct hs_hist {
    __u64 slots[HS_HIST_SLOTS];  /* slot i: latency in [2^i, 2^(i+1)) microseconds; slot 0 also < 1 us */
    __u64 count;
    __u64 sum_ns;
};

/* A slow call: sent alone (40 bytes) when the tracer runs without stacks, so the ring buffer holds
 * hundreds of times more of them; else the head of hs_syscall_event. */
struct hs_syscall_event_head {
    __u32 tid;
    __u32 nr;
    __u64 start_ns;
    __u64 duration_ns;
    __s64 ret;
    __s32 kernel_stack_bytes;  /* bytes filled in kernel_stack, or a negative errno; 0 without stacks */
    __u32 reserved;
};

struct hs_syscall_event {
    struct hs_syscall_event_head head;
    __u64 kernel_stack[HS_KERNEL_FRAMES];
    /* Registers and a copy of the user stack, unwound in Java with DWARF CFI and frame pointers:
     * glibc and libjvm have no frame pointers, so bpf_get_stack would stop at the first of them. */
    struct hs_user_stack user;
};

_Static_assert(sizeof(struct hs_syscalls_config) == 24, "config layout");
_Static_assert(sizeof(struct hs_syscall_event_head) == 40, "event head layout");
_Static_assert(sizeof(struct hs_inflight) == 16, "inflight layout");
_Static_assert(sizeof(struct hs_hist) == 8 * (HS_HIST_SLOTS + 2), "hist layout");
_Static_assert(sizeof(struct hs_syscall_event) == 40 + 8 * HS_KERNEL_FRAMES + sizeof(struct hs_user_stack), "event layout");

#endif
