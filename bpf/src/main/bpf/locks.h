/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Layout shared by locks.bpf.c and its Java reader (dev.hotscope.bpf.locks.LockTracer): every
 * struct here is read byte by byte in Java, so change both together; the static asserts pin the
 * sizes and the Java side names each offset.
 */
#ifndef HOTSCOPE_LOCKS_H
#define HOTSCOPE_LOCKS_H

#define HS_LOCKS_MAX_THREADS 32768
#define HS_LOCKS_MAX_IGNORED 4096
#define HS_LOCKS_CLASS_NAME 128
#define HS_LOCKS_MAX_HISTS 16384
#define HS_LOCKS_HIST_SLOTS 32

/* futex(2) commands (include/uapi/linux/futex.h); the op word also carries these two flags. */
#define HS_FUTEX_WAIT 0
#define HS_FUTEX_LOCK_PI 6
#define HS_FUTEX_WAIT_BITSET 9
#define HS_FUTEX_WAIT_REQUEUE_PI 11
#define HS_FUTEX_LOCK_PI2 13
#define HS_FUTEX_PRIVATE_FLAG 128
#define HS_FUTEX_CLOCK_REALTIME 256
/* Not a futex(2) op: how records of futex_waitv(2) (Linux 5.16) name their call. */
#define HS_FUTEX_WAITV_OP 0x10000

#define HS_ETIMEDOUT 110

/* hs_futex_wait.wake_flags: the wake-up came from an expiring hrtimer (a timeout), in interrupt
 * context, where `current` is whoever happened to run. */
#define HS_WAKE_TIMER 1

enum hs_locks_counter {
    HS_LOCKS_FUTEX_SENT = 0,
    HS_LOCKS_MONITOR_SENT = 1,
    HS_LOCKS_DROPPED = 2,      /* ring buffer full */
    HS_LOCKS_WAITS_FULL = 3,   /* `waits` full: a futex wait not tracked */
    HS_LOCKS_MONITORS_FULL = 4,/* `monitors` full: a contended monitor enter not tracked */
    HS_LOCKS_THROTTLED = 5,    /* waits over budget: in the histograms, not sent */
    HS_LOCKS_HISTS_FULL = 6,   /* `hists` full: a wait not counted in a histogram */
    HS_LOCKS_COUNTERS = 7,
};

enum hs_locks_kind {
    HS_LOCKS_KIND_FUTEX = 1,
    HS_LOCKS_KIND_MONITOR = 2,
};

/* .rodata, set by the loader before load. */
struct hs_locks_config {
    __u32 tgid;          /* the traced process */
    __u32 reserved;
    __u64 min_ns;        /* waits at least this long are sent */
    __u64 budget;        /* records sent per budget window (budget.h) at most; 0 unlimited */
};

/* Key of `hists`: every wait of one thread of one kind, whatever its length. */
struct hs_locks_hist_key {
    __u32 tid;
    __u32 kind;          /* enum hs_locks_kind */
};

struct hs_locks_hist {
    __u64 slots[HS_LOCKS_HIST_SLOTS];  /* slot i: [2^i, 2^(i+1)) microseconds; slot 0 also < 1 us */
    __u64 count;
    __u64 sum_ns;
};

/* One thread's futex wait, in `waits` (key: tid) from sys_enter to sys_exit; user space reads
 * the map to see waits in progress. The slot stays between waits (start_ns 0) until thread exit. */
struct hs_futex_wait {
    __u64 start_ns;      /* bpf_ktime_get_ns() at sys_enter; 0 between waits */
    __u64 uaddr;
    __u32 op;            /* the futex op word as passed, or HS_FUTEX_WAITV_OP */
    __u32 waker_tid;     /* who woke it (sched_waking in the waker's context); 0 if not woken yet */
    __u32 waker_tgid;
    __u32 wake_flags;    /* HS_WAKE_* */
    __u64 wake_ns;       /* when it was woken; 0 if not yet */
    __u64 oncpu_ns;      /* its first switch-in after wake_ns; 0 if not yet */
    char waker_comm[16];
};

/* One contended monitor enter in progress, in `monitors` (key: tid). */
struct hs_monitor_wait {
    __u64 start_ns;
    __u64 java_tid;
    __u64 monitor;       /* the ObjectMonitor's address */
    __u64 class_name;    /* address of the class name's UTF-8 bytes (a HotSpot Symbol, not NUL-terminated) */
    __u32 class_name_len;
    __u32 reserved;
};

/* Ring buffer record of a futex wait at or above the threshold. */
struct hs_futex_event {
    __u32 kind;          /* HS_LOCKS_KIND_FUTEX */
    __u32 tid;
    __u64 uaddr;
    __u32 op;
    __u32 waker_tid;     /* 0: unknown, woken by a timer, or timed out */
    __u64 start_ns;
    __u64 duration_ns;
    __s64 ret;           /* 0, or a negated errno (-ETIMEDOUT, -EAGAIN, -EINTR, ...) */
    __u64 wake_ns;       /* 0 when not woken by another task */
    __s64 runq_ns;       /* wake-up to the next switch-in; -1 unknown */
    __u32 waker_tgid;
    __u32 wake_flags;    /* HS_WAKE_* */
    char waker_comm[16];
    /* Registers and a copy of the user stack at sys_exit, unwound in Java (DWARF CFI through glibc
     * and libjvm, frame pointers through Java code): frame pointers alone stop inside glibc. */
    struct hs_user_stack user;
};

/* Ring buffer record of a contended monitor enter at or above the threshold. */
struct hs_monitor_event {
    __u32 kind;          /* HS_LOCKS_KIND_MONITOR */
    __u32 tid;
    __u64 java_tid;
    __u64 monitor;
    __u64 start_ns;
    __u64 duration_ns;
    __u32 class_name_len; /* bytes of class_name filled (the name is truncated to its size) */
    __s32 class_name_err; /* 0, or the negative errno of reading the name */
    char class_name[HS_LOCKS_CLASS_NAME];
};

_Static_assert(sizeof(struct hs_locks_config) == 24, "config layout");
_Static_assert(sizeof(struct hs_locks_hist) == 8 * (HS_LOCKS_HIST_SLOTS + 2), "hist layout");
_Static_assert(sizeof(struct hs_futex_wait) == 64, "futex wait layout");
_Static_assert(sizeof(struct hs_monitor_wait) == 40, "monitor wait layout");
_Static_assert(sizeof(struct hs_futex_event) == 88 + sizeof(struct hs_user_stack), "futex event layout");
_Static_assert(sizeof(struct hs_monitor_event) == 48 + HS_LOCKS_CLASS_NAME, "monitor event layout");

#endif
