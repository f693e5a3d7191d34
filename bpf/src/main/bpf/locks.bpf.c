// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Lock waits of one process, per thread: futex waits (what every blocked pthread_cond_wait,
 * LockSupport.park and contended `synchronized` ends in) and HotSpot's contended monitor enters.
 *
 * syscalls:sys_enter_futex puts the waiting thread in `waits` (user space reads it to see threads
 * blocked now); sched_waking notes who woke it and when (a timer, when it runs inside an
 * hrtimer_expire_entry/exit pair); sched_switch notes when it ran again; sys_exit_futex sends
 * one record with all of that and a copy of the user stack for each wait at or above the
 * threshold. The USDT probes hotspot:monitor__contended__enter/entered (live only with
 * -XX:+DTraceMonitorProbes) time contended monitor enters with the monitor's class. Threads in
 * `ignored` (the tracing agent's own) never produce records. Every wait, however short, goes into
 * a log2 histogram per thread and kind in `hists`; records the ring buffer cannot take, and those
 * over the event budget (budget.h), are counted in `counters`.
 */
#include "hotscope.bpf.h"
#include "user_stack.h"
#include "budget.h"
#include "locks.h"

/*
 * usdt.bpf.h reads only the ip of its struct pt_regs context (and only on kernels without BPF
 * cookies); __VMLINUX_H__ tells bpf_tracing.h to use the kernel's field names, which CO-RE
 * relocates. The rest of the registers it reaches by offsets libbpf computes at attach time.
 */
#define __VMLINUX_H__
struct pt_regs {
    unsigned long ip;
} __attribute__((preserve_access_index));
#include <bpf/usdt.bpf.h>

const volatile struct hs_locks_config cfg = {};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, HS_LOCKS_MAX_THREADS);
    __type(key, __u32);
    __type(value, struct hs_futex_wait);
} waits SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, HS_LOCKS_MAX_THREADS);
    __type(key, __u32);
    __type(value, struct hs_monitor_wait);
} monitors SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, HS_LOCKS_MAX_IGNORED);
    __type(key, __u32);
    __type(value, __u8);
} ignored SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, HS_LOCKS_MAX_HISTS);
    __type(key, struct hs_locks_hist_key);
    __type(value, struct hs_locks_hist);
} hists SEC(".maps");

HS_BUDGET_MAP(budget, 1);

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 16 * 1024 * 1024); /* ~1000 futex records of 16.5 KiB */
} events SEC(".maps");

/* Per CPU: hrtimer callbacks running now (nested when a hard one interrupts a soft one). */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u32);
} timer_depth SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, HS_LOCKS_COUNTERS);
    __type(key, __u32);
    __type(value, __u64);
} counters SEC(".maps");

static __always_inline bool traced(__u64 pid_tgid)
{
    return (__u32)(pid_tgid >> 32) == cfg.tgid;
}

static __always_inline bool is_ignored(__u32 tid)
{
    return bpf_map_lookup_elem(&ignored, &tid) != 0;
}

/* The futex commands that block; FUTEX_TRYLOCK_PI never does. */
static __always_inline bool is_wait(__u32 op)
{
    __u32 cmd = op & ~(__u32)(HS_FUTEX_PRIVATE_FLAG | HS_FUTEX_CLOCK_REALTIME);
    return cmd == HS_FUTEX_WAIT || cmd == HS_FUTEX_WAIT_BITSET || cmd == HS_FUTEX_LOCK_PI
        || cmd == HS_FUTEX_WAIT_REQUEUE_PI || cmd == HS_FUTEX_LOCK_PI2;
}

static __always_inline void begin_wait(__u32 tid, __u64 uaddr, __u32 op)
{
    if (is_ignored(tid))
        return;
    __u64 now = bpf_ktime_get_ns();
    /* A thread's slot is reused: a lookup and stores cost less than a hash update. */
    struct hs_futex_wait *slot = bpf_map_lookup_elem(&waits, &tid);
    if (slot) {
        slot->uaddr = uaddr;
        slot->op = op;
        slot->waker_tid = 0;
        slot->waker_tgid = 0;
        slot->wake_flags = 0;
        slot->wake_ns = 0;
        slot->oncpu_ns = 0;
        slot->start_ns = now; /* last: sched_waking only looks at slots with a start */
        return;
    }
    struct hs_futex_wait wait = { .start_ns = now, .uaddr = uaddr, .op = op };
    if (bpf_map_update_elem(&waits, &tid, &wait, BPF_ANY) != 0)
        hs_count(&counters, HS_LOCKS_WAITS_FULL);
}

SEC("tracepoint/syscalls/sys_enter_futex")
int hs_lk_futex_enter(struct trace_event_raw_sys_enter_args *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if (!traced(pid_tgid))
        return 0;
    __u32 op = (__u32)ctx->args[1];
    if (is_wait(op))
        begin_wait((__u32)pid_tgid, ctx->args[0], op);
    return 0;
}

/* futex_waitv(waiters, nr_futexes, flags, timeout, clockid): the first futex's address stands
 * for the set (struct futex_waitv { u64 val; u64 uaddr; u32 flags; u32 reserved; }). */
SEC("tracepoint/syscalls/sys_enter_futex_waitv")
int hs_lk_waitv_enter(struct trace_event_raw_sys_enter_args *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if (!traced(pid_tgid))
        return 0;
    __u64 uaddr = 0;
    bpf_probe_read_user(&uaddr, sizeof(uaddr), (const void *)(ctx->args[0] + 8));
    begin_wait((__u32)pid_tgid, uaddr, HS_FUTEX_WAITV_OP);
    return 0;
}

static __always_inline void add_to_histogram(__u32 tid, __u32 kind, __u64 duration_ns)
{
    struct hs_locks_hist_key key = { .tid = tid, .kind = kind };
    struct hs_locks_hist *hist = bpf_map_lookup_elem(&hists, &key);
    if (!hist) {
        struct hs_locks_hist empty = {};
        /* Another CPU may have made it first (BPF_NOEXIST fails then): look it up either way. */
        bpf_map_update_elem(&hists, &key, &empty, BPF_NOEXIST);
        hist = bpf_map_lookup_elem(&hists, &key);
        if (!hist) {
            hs_count(&counters, HS_LOCKS_HISTS_FULL);
            return;
        }
    }
    __u32 slot = hs_log2(duration_ns / 1000);
    if (slot >= HS_LOCKS_HIST_SLOTS)
        slot = HS_LOCKS_HIST_SLOTS - 1;
    /* Plain adds: the key holds the tid, and a thread ends one wait at a time on one CPU. */
    hist->slots[slot] += 1;
    hist->count += 1;
    hist->sum_ns += duration_ns;
}

/* Whether a wait this long is sent: at or above the threshold and within the budget (else counted). */
static __always_inline bool to_send(__u64 duration_ns)
{
    if (duration_ns < cfg.min_ns)
        return false;
    if (hs_budget_take(&budget, 0, cfg.budget))
        return true;
    hs_count(&counters, HS_LOCKS_THROTTLED);
    return false;
}

static __always_inline void send_wait(void *ctx, __u32 tid, struct hs_futex_wait *wait, __u64 duration_ns,
                                      long ret)
{
    struct hs_futex_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) {
        hs_count(&counters, HS_LOCKS_DROPPED);
        return;
    }
    e->kind = HS_LOCKS_KIND_FUTEX;
    e->tid = tid;
    e->uaddr = wait->uaddr;
    e->op = wait->op;
    e->start_ns = wait->start_ns;
    e->duration_ns = duration_ns;
    e->ret = ret;
    e->wake_ns = wait->wake_ns;
    e->runq_ns = wait->wake_ns != 0 && wait->oncpu_ns >= wait->wake_ns ? (__s64)(wait->oncpu_ns - wait->wake_ns) : -1;
    e->wake_flags = wait->wake_flags;
    /* A timeout is woken from the timer interrupt, whose `current` is whoever was running; the
     * waker sched_waking saw is kept only if it was a task waking the waiter. */
    bool by_task = wait->waker_tid != 0 && !(wait->wake_flags & HS_WAKE_TIMER) && ret != -HS_ETIMEDOUT;
    e->waker_tid = by_task ? wait->waker_tid : 0;
    e->waker_tgid = by_task ? wait->waker_tgid : 0;
    __builtin_memcpy(e->waker_comm, wait->waker_comm, sizeof(e->waker_comm));
    if (!by_task)
        __builtin_memset(e->waker_comm, 0, sizeof(e->waker_comm));
    hs_copy_user_stack(&e->user);
    bpf_ringbuf_submit(e, 0);
    hs_count(&counters, HS_LOCKS_FUTEX_SENT);
}

static __always_inline void end_wait(void *ctx, long ret)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if (!traced(pid_tgid))
        return;
    __u32 tid = (__u32)pid_tgid;
    struct hs_futex_wait *wait = bpf_map_lookup_elem(&waits, &tid);
    if (!wait || wait->start_ns == 0)
        return;
    __u64 duration_ns = bpf_ktime_get_ns() - wait->start_ns;
    /* Checked again here: a thread ignored while it waited must not count or send either. */
    if (!is_ignored(tid)) {
        add_to_histogram(tid, HS_LOCKS_KIND_FUTEX, duration_ns);
        if (to_send(duration_ns))
            send_wait(ctx, tid, wait, duration_ns, ret);
    }
    wait->start_ns = 0;
}

SEC("tracepoint/syscalls/sys_exit_futex")
int hs_lk_futex_exit(struct trace_event_raw_sys_exit_ret *ctx)
{
    end_wait(ctx, ctx->ret);
    return 0;
}

SEC("tracepoint/syscalls/sys_exit_futex_waitv")
int hs_lk_waitv_exit(struct trace_event_raw_sys_exit_ret *ctx)
{
    end_wait(ctx, ctx->ret);
    return 0;
}

/*
 * hrtimer_expire_entry/exit(struct hrtimer *timer, ...) bracket every hrtimer callback, and so
 * the wake-up of every futex timeout: sched_waking inside them was not done by `current`.
 */
SEC("raw_tp/hrtimer_expire_entry")
int hs_lk_timer_entry(struct bpf_raw_tracepoint_args *ctx)
{
    __u32 zero = 0;
    __u32 *depth = bpf_map_lookup_elem(&timer_depth, &zero);
    if (depth)
        *depth += 1;
    return 0;
}

SEC("raw_tp/hrtimer_expire_exit")
int hs_lk_timer_exit(struct bpf_raw_tracepoint_args *ctx)
{
    __u32 zero = 0;
    __u32 *depth = bpf_map_lookup_elem(&timer_depth, &zero);
    if (depth && *depth > 0) /* attached in the middle of a callback: its entry was not counted */
        *depth -= 1;
    return 0;
}

static __always_inline bool in_timer_callback(void)
{
    __u32 zero = 0;
    __u32 *depth = bpf_map_lookup_elem(&timer_depth, &zero);
    return depth && *depth > 0;
}

/*
 * sched_waking(struct task_struct *p) runs in the waker's context, always; sched_wakeup may run
 * later on the wakee's CPU (queued remote wake-ups), where `current` is someone else.
 */
SEC("raw_tp/sched_waking")
int hs_lk_waking(struct bpf_raw_tracepoint_args *ctx)
{
    struct task_struct *p = (struct task_struct *)ctx->args[0];
    if ((__u32)BPF_CORE_READ(p, tgid) != cfg.tgid)
        return 0;
    __u32 tid = (__u32)BPF_CORE_READ(p, pid);
    struct hs_futex_wait *wait = bpf_map_lookup_elem(&waits, &tid);
    if (!wait || wait->start_ns == 0 || wait->wake_ns != 0)
        return 0;
    if (in_timer_callback()) {
        wait->wake_flags = HS_WAKE_TIMER;
    } else {
        __u64 pid_tgid = bpf_get_current_pid_tgid();
        wait->waker_tid = (__u32)pid_tgid;
        wait->waker_tgid = (__u32)(pid_tgid >> 32);
        bpf_get_current_comm(wait->waker_comm, sizeof(wait->waker_comm));
    }
    wait->wake_ns = bpf_ktime_get_ns();
    return 0;
}

/* sched_switch(bool preempt, struct task_struct *prev, struct task_struct *next, unsigned int prev_state) */
SEC("raw_tp/sched_switch")
int hs_lk_switch(struct bpf_raw_tracepoint_args *ctx)
{
    struct task_struct *next = (struct task_struct *)ctx->args[2];
    if ((__u32)BPF_CORE_READ(next, tgid) != cfg.tgid)
        return 0;
    __u32 tid = (__u32)BPF_CORE_READ(next, pid);
    struct hs_futex_wait *wait = bpf_map_lookup_elem(&waits, &tid);
    if (!wait || wait->start_ns == 0 || wait->wake_ns == 0 || wait->oncpu_ns != 0)
        return 0;
    wait->oncpu_ns = bpf_ktime_get_ns();
    return 0;
}

/* hotspot:monitor__contended__enter(jlong java_tid, uintptr_t monitor, char *class_name, int len) */
SEC("usdt")
int hs_lk_monitor_enter(struct pt_regs *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if (!traced(pid_tgid))
        return 0;
    __u32 tid = (__u32)pid_tgid;
    if (is_ignored(tid))
        return 0;
    long java_tid = 0, monitor = 0, name = 0, len = 0;
    bpf_usdt_arg(ctx, 0, &java_tid);
    bpf_usdt_arg(ctx, 1, &monitor);
    bpf_usdt_arg(ctx, 2, &name);
    bpf_usdt_arg(ctx, 3, &len);
    struct hs_monitor_wait wait = {
        .start_ns = bpf_ktime_get_ns(),
        .java_tid = (__u64)java_tid,
        .monitor = (__u64)monitor,
        .class_name = (__u64)name,
        .class_name_len = len < 0 ? 0 : (__u32)len,
    };
    if (bpf_map_update_elem(&monitors, &tid, &wait, BPF_ANY) != 0)
        hs_count(&counters, HS_LOCKS_MONITORS_FULL);
    return 0;
}

static __always_inline void send_monitor(__u32 tid, struct hs_monitor_wait *wait, __u64 duration_ns)
{
    struct hs_monitor_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) {
        hs_count(&counters, HS_LOCKS_DROPPED);
        return;
    }
    e->kind = HS_LOCKS_KIND_MONITOR;
    e->tid = tid;
    e->java_tid = wait->java_tid;
    e->monitor = wait->monitor;
    e->start_ns = wait->start_ns;
    e->duration_ns = duration_ns;
    /* The class's name Symbol lives as long as the class, which a locked instance keeps alive. */
    __u32 len = wait->class_name_len;
    if (len > HS_LOCKS_CLASS_NAME)
        len = HS_LOCKS_CLASS_NAME;
    long err = bpf_probe_read_user(e->class_name, len & (2 * HS_LOCKS_CLASS_NAME - 1),
                                   (const void *)wait->class_name);
    e->class_name_err = (__s32)err;
    e->class_name_len = err == 0 ? len : 0;
    bpf_ringbuf_submit(e, 0);
    hs_count(&counters, HS_LOCKS_MONITOR_SENT);
}

/* hotspot:monitor__contended__entered(jlong java_tid, uintptr_t monitor, char *class_name, int len) */
SEC("usdt")
int hs_lk_monitor_entered(struct pt_regs *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if (!traced(pid_tgid))
        return 0;
    __u32 tid = (__u32)pid_tgid;
    struct hs_monitor_wait *wait = bpf_map_lookup_elem(&monitors, &tid);
    if (!wait)
        return 0;
    __u64 duration_ns = bpf_ktime_get_ns() - wait->start_ns;
    if (!is_ignored(tid)) {
        add_to_histogram(tid, HS_LOCKS_KIND_MONITOR, duration_ns);
        if (to_send(duration_ns))
            send_monitor(tid, wait, duration_ns);
    }
    bpf_map_delete_elem(&monitors, &tid);
    return 0;
}

/* A thread that exits (or is killed mid-wait) leaves no entry behind; its tid may be reused. */
SEC("tracepoint/sched/sched_process_exit")
int hs_lk_thread_exit(struct trace_event_raw_sched_process_template *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if (!traced(pid_tgid))
        return 0;
    __u32 tid = (__u32)pid_tgid;
    bpf_map_delete_elem(&waits, &tid);
    bpf_map_delete_elem(&monitors, &tid);
    bpf_map_delete_elem(&ignored, &tid);
    return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
