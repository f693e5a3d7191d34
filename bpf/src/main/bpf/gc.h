/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Layout shared by gc.bpf.c and its Java reader (dev.hotscope.bpf.jvm.GcTracer): every struct
 * here is read byte by byte in Java, so change both together; the static asserts pin the sizes.
 */
#ifndef HOTSCOPE_GC_H
#define HOTSCOPE_GC_H

/* Tells bpf_tracing.h that pt_regs has the kernel's field names (di, sp), as below. */
#define __VMLINUX_H__

/* x86-64 user registers, as uprobe and USDT programs see them (CO-RE relocated). */
struct pt_regs {
    unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
    unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
} __attribute__((preserve_access_index));

/* Only named by bpf_for_each_map_elem callbacks. */
struct bpf_map;

#define HS_GC_MAX_THREADS 4096
#define HS_GC_PREFIXES 8
#define HS_GC_PREFIX_LEN 16
#define HS_GC_OP_NAME_LEN 64

enum hs_gc_counter {
    HS_GC_COUNTER_SENT = 0,          /* records put in the ring buffer */
    HS_GC_COUNTER_DROPPED = 1,       /* records the ring buffer had no room for */
    HS_GC_COUNTER_THREADS_FULL = 2,  /* GC threads not tracked: the thread table was full */
    HS_GC_COUNTER_UNMATCHED = 3,     /* an end without its begin (tracing began mid-pause) */
    HS_GC_COUNTER_NAME_UNREADABLE = 4, /* VM operation names that could not be read */
    HS_GC_COUNTER_SWITCH_UNSEEN = 5, /* a GC thread ran (or stopped) without the switch that began it */
    HS_GC_COUNTERS = 6,
};

enum hs_gc_record_kind {
    HS_GC_RECORD_PAUSE = 1,
    HS_GC_RECORD_SAFEPOINT = 2,
};

/* .rodata, set by the loader before load. */
struct hs_gc_config {
    __u32 tgid;             /* the traced JVM */
    __u32 prefix_count;     /* used entries of prefixes */
    /* A thread of the JVM whose comm starts with one of these (NUL-terminated) is a GC thread. */
    char prefixes[HS_GC_PREFIXES][HS_GC_PREFIX_LEN];
};

enum hs_gc_thread_state {
    HS_GC_THREAD_UNKNOWN = 0,   /* not seen switching yet: its current interval is not counted */
    HS_GC_THREAD_ON_CPU = 1,
    HS_GC_THREAD_RUNNABLE = 2,  /* on a run queue, waiting for a CPU */
    HS_GC_THREAD_SLEEPING = 3,
};

/* One GC thread of the JVM, by tid. */
struct hs_gc_thread {
    __u64 since_ns;   /* when `state` began */
    __u64 pause_seq;  /* the pause cpu_ns and runq_ns belong to */
    __u64 cpu_ns;     /* on-CPU time within that pause, closed intervals only */
    __u64 runq_ns;    /* run-queue wait within that pause, closed intervals only */
    __u32 state;      /* enum hs_gc_thread_state */
    __u32 reserved;
};

struct hs_gc_pause_event {
    __u32 kind;            /* HS_GC_RECORD_PAUSE */
    __u32 full;
    __u64 start_ns;        /* bpf_ktime_get_ns(): CLOCK_MONOTONIC, as System.nanoTime() */
    __u64 duration_ns;
    __u64 gc_cpu_ns;       /* sum over GC threads of on-CPU time within the pause */
    __u64 gc_runq_ns;      /* sum over GC threads of run-queue wait within the pause */
    __u64 ttsp_ns;         /* time to safepoint of the enclosing safepoint; ~0 if none */
    __u32 threads_ran;     /* GC threads with on-CPU time within the pause */
    __u32 threads_waited;  /* GC threads with run-queue wait within the pause */
    __u32 tid;             /* the thread that ran the pause (the VM Thread) */
    __u32 reserved;
};

struct hs_gc_safepoint_event {
    __u32 kind;            /* HS_GC_RECORD_SAFEPOINT */
    __u32 operations;      /* VM operations seen inside it */
    __u64 start_ns;        /* SafepointSynchronize::begin() entered */
    __u64 duration_ns;     /* until SafepointSynchronize::end() returned */
    __u64 ttsp_ns;         /* until begin() returned (all threads stopped); ~0 if not seen */
    __u64 op_vtable;       /* first operation's vtable pointer (uprobe fallback), else 0 */
    __u32 name_len;        /* bytes of name (USDT), 0 if unknown */
    __u32 reserved;
    char name[HS_GC_OP_NAME_LEN];
};

_Static_assert(sizeof(struct hs_gc_config) == 8 + HS_GC_PREFIXES * HS_GC_PREFIX_LEN, "config layout");
_Static_assert(sizeof(struct hs_gc_thread) == 40, "thread layout");
_Static_assert(sizeof(struct hs_gc_pause_event) == 64, "pause layout");
_Static_assert(sizeof(struct hs_gc_safepoint_event) == 48 + HS_GC_OP_NAME_LEN, "safepoint layout");

#endif
