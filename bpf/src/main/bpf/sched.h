/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Layout shared by sched.bpf.c and its Java reader (dev.hotscope.bpf.sched.SchedTracer): every
 * struct here is read byte by byte in Java, so change both together; the static asserts pin sizes
 * and the offsets Java uses.
 */
#ifndef HOTSCOPE_SCHED_H
#define HOTSCOPE_SCHED_H

#define HS_SCHED_MAX_THREADS 4096      /* default; the loader may change it */
#define HS_SCHED_MAX_IGNORED 4096
#define HS_SCHED_HIST_SLOTS 32
#define HS_SCHED_USER_FRAMES 64
#define HS_SCHED_KERNEL_FRAMES 16

/* Why a thread left the CPU; also the index of the per-reason totals. */
enum hs_sched_reason {
    HS_SCHED_PREEMPTED = 0,   /* still runnable: preempted, or yielded */
    HS_SCHED_SLEEPING = 1,    /* interruptible wait: sleep, park, futex, epoll, socket read */
    HS_SCHED_BLOCKED = 2,     /* uninterruptible wait, usually disk I/O or a kernel lock */
    HS_SCHED_REASONS = 3,
};

/* What started a run-queue wait. */
enum hs_sched_runq_cause {
    HS_SCHED_RUNQ_WAKEUP = 0,
    HS_SCHED_RUNQ_PREEMPTED = 1,
};

enum hs_sched_counter {
    HS_SCHED_COUNTER_OFFCPU_SENT = 0,
    HS_SCHED_COUNTER_RUNQ_SENT = 1,
    HS_SCHED_COUNTER_OFFCPU_DROPPED = 2,  /* ring buffer full */
    HS_SCHED_COUNTER_RUNQ_DROPPED = 3,    /* ring buffer full */
    HS_SCHED_COUNTER_THREADS_FULL = 4,    /* a thread could not be tracked: `threads` full */
    HS_SCHED_COUNTER_OFFCPU_THROTTLED = 5,/* over budget: in the totals and histograms, not sent */
    HS_SCHED_COUNTER_RUNQ_THROTTLED = 6,  /* over budget: in the histograms, not sent */
    HS_SCHED_COUNTERS = 7,
};

/* The program's two event budgets (budget.h), one per record kind. */
enum hs_sched_budget {
    HS_SCHED_BUDGET_OFFCPU = 0,
    HS_SCHED_BUDGET_RUNQ = 1,
    HS_SCHED_BUDGETS = 2,
};

/* Record kinds, the first u32 of every ring buffer record. */
enum hs_sched_kind {
    HS_SCHED_EVENT_OFFCPU = 1,
    HS_SCHED_EVENT_RUNQ = 2,
};

/* Bits of hs_sched_config.user_stacks and .kernel_stacks: capture at switch-out for this reason. */
#define HS_SCHED_STACK_FOR(reason) (1u << (reason))

/* .rodata, set by the loader before load. */
struct hs_sched_config {
    __u32 tgid;               /* the traced process */
    __u32 user_stacks;        /* HS_SCHED_STACK_FOR bits */
    __u32 kernel_stacks;      /* HS_SCHED_STACK_FOR bits */
    __u32 user_frames;        /* 1..HS_SCHED_USER_FRAMES */
    __u64 min_offcpu_ns;      /* off-CPU intervals at least this long are sent */
    __u64 min_runq_ns;        /* run-queue waits at least this long are sent */
    __u64 offcpu_budget;      /* off-CPU records sent per budget window at most; 0 unlimited */
    __u64 runq_budget;        /* run-queue records sent per budget window at most; 0 unlimited */
};

struct hs_sched_hist {
    __u64 slots[HS_SCHED_HIST_SLOTS];  /* slot i: [2^i, 2^(i+1)) microseconds; slot 0 also < 1 us */
    __u64 count;
    __u64 sum_ns;
};

/* Per thread of the target: what it is doing now, its totals, and the stacks of its last switch-out. */
struct hs_sched_thread {
    /* now */
    __u64 on_since_ns;        /* last switch-in; 0 if not seen yet */
    __u64 off_since_ns;       /* switch-out while off CPU; 0 while on CPU */
    __u64 runnable_since_ns;  /* woken or preempted and waiting for a CPU; 0 otherwise */
    __u32 off_reason;         /* hs_sched_reason, valid while off_since_ns != 0 */
    __u32 runq_cause;         /* hs_sched_runq_cause, valid while runnable_since_ns != 0 */
    __u32 waker_tid;          /* who woke it since it last ran; 0 if unknown or woken from an interrupt */
    __u32 waker_pid;
    __s32 user_stack_bytes;   /* of the last switch-out: bytes, 0 if not captured, or a negative errno */
    __s32 kernel_stack_bytes;
    /* totals since tracing began */
    __u64 on_cpu_ns;
    __u64 off_cpu_ns[HS_SCHED_REASONS];
    __u64 switches[HS_SCHED_REASONS];   /* switch-outs per reason */
    __u64 runq_ns;
    struct hs_sched_hist runq;          /* run-queue waits */
    struct hs_sched_hist offcpu[HS_SCHED_REASONS];  /* off-CPU intervals per reason */
    __u64 user_stack[HS_SCHED_USER_FRAMES];
    __u64 kernel_stack[HS_SCHED_KERNEL_FRAMES];
};

struct hs_sched_offcpu_event {
    __u32 kind;               /* HS_SCHED_EVENT_OFFCPU */
    __u32 tid;
    __u64 start_ns;           /* switch-out, CLOCK_MONOTONIC */
    __u64 duration_ns;        /* switch-out to switch-in */
    __u64 runq_ns;            /* the part spent runnable, waiting for a CPU; 0 if the wakeup was not seen */
    __u32 reason;
    __u32 waker_tid;
    __u32 waker_pid;
    __u32 cpu;                /* where it ran again */
    __s32 user_stack_bytes;   /* bytes in user_stack, 0 if not captured, or a negative errno */
    __s32 kernel_stack_bytes;
    __u64 user_stack[HS_SCHED_USER_FRAMES];
    __u64 kernel_stack[HS_SCHED_KERNEL_FRAMES];
};

struct hs_sched_runq_event {
    __u32 kind;               /* HS_SCHED_EVENT_RUNQ */
    __u32 tid;
    __u64 start_ns;           /* woken or preempted, CLOCK_MONOTONIC */
    __u64 duration_ns;        /* until it ran again */
    __u32 cause;              /* hs_sched_runq_cause */
    __u32 cpu;                /* where it ran */
};

_Static_assert(sizeof(struct hs_sched_config) == 48, "config layout");
_Static_assert(sizeof(struct hs_sched_hist) == 8 * (HS_SCHED_HIST_SLOTS + 2), "hist layout");
_Static_assert(__builtin_offsetof(struct hs_sched_thread, on_cpu_ns) == 48, "thread layout");
_Static_assert(__builtin_offsetof(struct hs_sched_thread, runq) == 112, "thread layout");
_Static_assert(__builtin_offsetof(struct hs_sched_thread, offcpu) == 112 + 8 * (HS_SCHED_HIST_SLOTS + 2), "thread layout");
_Static_assert(__builtin_offsetof(struct hs_sched_thread, user_stack) == 112 + 4 * 8 * (HS_SCHED_HIST_SLOTS + 2), "thread layout");
_Static_assert(sizeof(struct hs_sched_thread) == 1200 + 8 * (HS_SCHED_USER_FRAMES + HS_SCHED_KERNEL_FRAMES), "thread layout");
_Static_assert(sizeof(struct hs_sched_offcpu_event) == 56 + 8 * (HS_SCHED_USER_FRAMES + HS_SCHED_KERNEL_FRAMES), "offcpu layout");
_Static_assert(sizeof(struct hs_sched_runq_event) == 32, "runq layout");

#endif
