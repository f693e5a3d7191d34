/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The few kernel types and constants hotscope's BPF programs use, written here instead of a
 * generated vmlinux.h. Structs that mirror kernel structs carry preserve_access_index, so clang
 * records CO-RE relocations and libbpf fixes field offsets against the running kernel's BTF.
 */
#ifndef HOTSCOPE_BPF_H
#define HOTSCOPE_BPF_H

typedef signed char __s8;
typedef unsigned char __u8;
typedef short __s16;
typedef unsigned short __u16;
typedef int __s32;
typedef unsigned int __u32;
typedef long long __s64;
typedef unsigned long long __u64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;
typedef _Bool bool;
#define true 1
#define false 0

/* UAPI values from the kernel's BPF ABI (include/uapi/linux/bpf.h). */
enum {
    BPF_MAP_TYPE_HASH = 1,
    BPF_MAP_TYPE_ARRAY = 2,
    BPF_MAP_TYPE_PERCPU_HASH = 5,
    BPF_MAP_TYPE_PERCPU_ARRAY = 6,
    BPF_MAP_TYPE_STACK_TRACE = 7,
    BPF_MAP_TYPE_LRU_HASH = 9,
    BPF_MAP_TYPE_RINGBUF = 27,
};
enum {
    BPF_ANY = 0,
    BPF_NOEXIST = 1,
    BPF_EXIST = 2,
};
#define BPF_F_USER_STACK (1ULL << 8)
#define BPF_RB_NO_WAKEUP (1ULL << 0)
#define BPF_RB_FORCE_WAKEUP (1ULL << 1)

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/* Context of a raw tracepoint program: the tracepoint's arguments as u64s. */
struct bpf_raw_tracepoint_args {
    __u64 args[0];
};

/* Common header of every trace event record. */
struct trace_entry {
    unsigned short type;
    unsigned char flags;
    unsigned char preempt_count;
    int pid;
} __attribute__((preserve_access_index));

/* tracepoint raw_syscalls:sys_enter */
struct trace_event_raw_sys_enter {
    struct trace_entry ent;
    long id;
    unsigned long args[6];
} __attribute__((preserve_access_index));

/* tracepoint raw_syscalls:sys_exit */
struct trace_event_raw_sys_exit {
    struct trace_entry ent;
    long id;
    long ret;
} __attribute__((preserve_access_index));

/* tracepoint sched:sched_process_exit (a thread exits) */
struct trace_event_raw_sched_process_template {
    struct trace_entry ent;
    char comm[16];
    int pid;
    int prio;
} __attribute__((preserve_access_index));

/* The few task_struct fields hotscope reads; libbpf relocates them against the running kernel. */
struct task_struct {
    int pid;
    int tgid;
    char comm[16];
    unsigned int __state;
} __attribute__((preserve_access_index));

/* Before Linux 5.14 the field was `long state`. */
struct task_struct___pre514 {
    long state;
} __attribute__((preserve_access_index));

/* The task's scheduler state word: 0 running (preempted when switched out), 1 interruptible
 * sleep, 2 uninterruptible (blocked, usually I/O). */
static __always_inline unsigned int hs_task_state(struct task_struct *t)
{
    if (bpf_core_field_exists(t->__state))
        return BPF_CORE_READ(t, __state);
    return (unsigned int)BPF_CORE_READ((struct task_struct___pre514 *)t, state);
}

/* Raw tracepoint sched_switch: (bool preempt, struct task_struct *prev, struct task_struct *next,
 * unsigned int prev_state); sched_wakeup and sched_wakeup_new: (struct task_struct *p). */
#define HS_TASK_STATE_RUNNING 0
#define HS_TASK_INTERRUPTIBLE 1
#define HS_TASK_UNINTERRUPTIBLE 2

/* tracepoint syscalls:sys_enter_NAME: the syscall number and its six arguments. */
struct trace_event_raw_sys_enter_args {
    struct trace_entry ent;
    int __syscall_nr;
    unsigned long args[6];
};

/* tracepoint syscalls:sys_exit_NAME */
struct trace_event_raw_sys_exit_ret {
    struct trace_entry ent;
    int __syscall_nr;
    long ret;
};

/* Adds one to slot `which` of a per-CPU array of u64 counters (no atomics: the slot is this CPU's). */
static __always_inline void hs_count(void *counters, __u32 which)
{
    __u64 *c = bpf_map_lookup_elem(counters, &which);
    if (c)
        *c += 1;
}

/* Increment a 64-bit counter from any CPU. */
static __always_inline void hs_add(__u64 *counter, __u64 delta)
{
    __sync_fetch_and_add(counter, delta);
}

/* Index of the highest set bit: the log2 histogram slot of a value (0 for 0 and 1). */
static __always_inline __u32 hs_log2(__u64 v)
{
    __u32 r = 0;
    if (v >> 32) { v >>= 32; r += 32; }
    if (v >> 16) { v >>= 16; r += 16; }
    if (v >> 8) { v >>= 8; r += 8; }
    if (v >> 4) { v >>= 4; r += 4; }
    if (v >> 2) { v >>= 2; r += 2; }
    if (v >> 1) { r += 1; }
    return r;
}

#endif
