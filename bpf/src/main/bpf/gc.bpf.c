// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * GC pauses and safepoints of one HotSpot JVM, with what the scheduler gave the GC threads.
 *
 * Pauses: USDT hotspot:gc__begin/gc__end, or, where libjvm.so has no probe notes, uprobes on the
 * functions that hold those probes. Both fire on the VM Thread and may nest (a metadata GC runs a
 * young GC inside its own marker): one pause spans the outermost begin to its end.
 *
 * Safepoints: uprobe on SafepointSynchronize::begin() (requested), its return (all threads
 * stopped: time to safepoint), the return of SafepointSynchronize::end() (threads released), and
 * the first VM operation run inside it (USDT vmops__begin's name, or the operation's vtable pointer,
 * named in Java).
 *
 * The kernel's view: sched_switch, sched_wakeup and sched_wakeup_new keep, for every GC thread of
 * the JVM (known by its comm's prefix, see gc_thread()), its state (on CPU, runnable, sleeping)
 * and since when. While a pause is in progress each closed on-CPU or runnable interval, clipped to
 * the pause, is added to the thread; the pause's end adds the intervals still open and sums over
 * the threads. Records the ring buffer cannot take are counted, never lost silently.
 */
#include "hotscope.bpf.h"
#include "gc.h"
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

const volatile struct hs_gc_config cfg = {};

/* The pause in progress; written only by the VM Thread (begin and end), read by every CPU. */
struct pause_state {
    __u64 start_ns;
    __u64 seq;       /* numbers the pauses, so a thread's totals from an older pause are ignored */
    __u64 ttsp_ns;
    __u32 depth;     /* nesting of begin/end; 0 when no pause is in progress */
    __u32 full;
};

/* The safepoint in progress; written only by the VM Thread. */
struct safepoint_state {
    __u64 begin_ns;
    __u64 synced_ns;
    __u64 op_vtable;
    __u32 active;
    __u32 operations;
    __u32 name_len;
    __u32 reserved;
    char name[HS_GC_OP_NAME_LEN];
};

struct pause_state gc_pause = {};
struct safepoint_state gc_safepoint = {};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, HS_GC_MAX_THREADS);
    __type(key, __u32);
    __type(value, struct hs_gc_thread);
} gc_threads SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024); /* ~2000 records; a busy JVM makes tens per second */
} gc_events SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, HS_GC_COUNTERS);
    __type(key, __u32);
    __type(value, __u64);
} gc_counters SEC(".maps");

static __always_inline bool traced(void)
{
    return (__u32)(bpf_get_current_pid_tgid() >> 32) == cfg.tgid;
}

/* ---- GC threads and the scheduler ---- */

static __always_inline bool has_prefix(const char *comm, const volatile char *prefix)
{
    for (int i = 0; i < HS_GC_PREFIX_LEN; i++) {
        char p = prefix[i];
        if (p == 0)
            return true;
        if (comm[i] != p)
            return false;
    }
    return true;
}

static __always_inline bool is_gc_comm(const char *comm)
{
    for (int j = 0; j < HS_GC_PREFIXES; j++) {
        if (j >= cfg.prefix_count)
            return false;
        if (has_prefix(comm, cfg.prefixes[j]))
            return true;
    }
    return false;
}

/*
 * The record of a GC thread of the traced JVM, created the first time it is seen with a GC
 * thread's comm; NULL for any other task. Classified in the kernel rather than from a tid list
 * that user space fills: G1 starts workers on demand, often inside the very pause that needs them,
 * before user space could list them. Only GC threads get a record: other threads are classified
 * again at each event (a thread names itself after it starts, so an early "no" would go stale).
 */
static __always_inline struct hs_gc_thread *gc_thread(struct task_struct *t)
{
    if ((__u32)BPF_CORE_READ(t, tgid) != cfg.tgid)
        return NULL;
    __u32 tid = (__u32)BPF_CORE_READ(t, pid);
    struct hs_gc_thread *th = bpf_map_lookup_elem(&gc_threads, &tid);
    if (th)
        return th;
    char comm[16];
    if (BPF_CORE_READ_INTO(&comm, t, comm) != 0 || !is_gc_comm(comm))
        return NULL;
    struct hs_gc_thread fresh = {};
    long err = bpf_map_update_elem(&gc_threads, &tid, &fresh, BPF_NOEXIST);
    th = bpf_map_lookup_elem(&gc_threads, &tid);
    if (!th && err != 0)
        hs_count(&gc_counters, HS_GC_COUNTER_THREADS_FULL);
    return th;
}

/* Adds [from, to), clipped to the pause in progress, to the thread's totals for that pause. */
static __always_inline void account(struct hs_gc_thread *th, __u64 from, __u64 to, bool on_cpu)
{
    if (gc_pause.depth == 0)
        return;
    __u64 start = gc_pause.start_ns;
    __u64 lo = from > start ? from : start;
    if (to <= lo)
        return;
    __u64 seq = gc_pause.seq;
    if (th->pause_seq != seq) {
        th->pause_seq = seq;
        th->cpu_ns = 0;
        th->runq_ns = 0;
    }
    if (on_cpu)
        th->cpu_ns += to - lo;
    else
        th->runq_ns += to - lo;
}

/* Raw tracepoint sched_switch: (bool preempt, struct task_struct *prev, struct task_struct *next, ...). */
SEC("raw_tp/sched_switch")
int hs_gc_switch(struct bpf_raw_tracepoint_args *ctx)
{
    struct task_struct *prev = (struct task_struct *)ctx->args[1];
    struct task_struct *next = (struct task_struct *)ctx->args[2];
    __u64 now = 0;
    struct hs_gc_thread *th = gc_thread(prev);
    if (th) {
        now = bpf_ktime_get_ns();
        if (th->state == HS_GC_THREAD_ON_CPU)
            account(th, th->since_ns, now, true);
        else if (th->state != HS_GC_THREAD_UNKNOWN)
            hs_count(&gc_counters, HS_GC_COUNTER_SWITCH_UNSEEN);
        /* Preempted, or switched out while still TASK_RUNNING (yield, a signal): it stays runnable. */
        bool runnable = ctx->args[0] || hs_task_state(prev) == HS_TASK_STATE_RUNNING;
        th->state = runnable ? HS_GC_THREAD_RUNNABLE : HS_GC_THREAD_SLEEPING;
        th->since_ns = now;
    }
    th = gc_thread(next);
    if (th) {
        if (now == 0)
            now = bpf_ktime_get_ns();
        if (th->state == HS_GC_THREAD_RUNNABLE)
            account(th, th->since_ns, now, false);
        else if (th->state == HS_GC_THREAD_ON_CPU)
            hs_count(&gc_counters, HS_GC_COUNTER_SWITCH_UNSEEN);
        th->state = HS_GC_THREAD_ON_CPU;
        th->since_ns = now;
    }
    return 0;
}

static __always_inline int woken(struct task_struct *p)
{
    struct hs_gc_thread *th = gc_thread(p);
    /* A wakeup of a thread still on CPU (it had not slept yet) or already queued changes nothing. */
    if (!th || th->state == HS_GC_THREAD_ON_CPU || th->state == HS_GC_THREAD_RUNNABLE)
        return 0;
    th->since_ns = bpf_ktime_get_ns();
    th->state = HS_GC_THREAD_RUNNABLE;
    return 0;
}

/* Raw tracepoints sched_wakeup and sched_wakeup_new: (struct task_struct *p). */
SEC("raw_tp/sched_wakeup")
int hs_gc_wakeup(struct bpf_raw_tracepoint_args *ctx)
{
    return woken((struct task_struct *)ctx->args[0]);
}

SEC("raw_tp/sched_wakeup_new")
int hs_gc_wakeup_new(struct bpf_raw_tracepoint_args *ctx)
{
    return woken((struct task_struct *)ctx->args[0]);
}

/* A thread's tid may be reused by any later thread: forget it. */
SEC("tracepoint/sched/sched_process_exit")
int hs_gc_exit(struct trace_event_raw_sched_process_template *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if ((__u32)(pid_tgid >> 32) != cfg.tgid)
        return 0;
    __u32 tid = (__u32)pid_tgid;
    bpf_map_delete_elem(&gc_threads, &tid);
    return 0;
}

/* ---- pauses ---- */

struct pause_sum {
    __u64 seq;
    __u64 start_ns;
    __u64 end_ns;
    __u64 cpu_ns;
    __u64 runq_ns;
    __u32 ran;
    __u32 waited;
};

/* bpf_for_each_map_elem callback: one thread's share of the pause, its open interval included. */
static long sum_thread(struct bpf_map *map, __u32 *tid, struct hs_gc_thread *th, struct pause_sum *sum)
{
    __u64 cpu = 0, runq = 0;
    if (th->pause_seq == sum->seq) {
        cpu = th->cpu_ns;
        runq = th->runq_ns;
    }
    __u32 state = th->state;
    if (state == HS_GC_THREAD_ON_CPU || state == HS_GC_THREAD_RUNNABLE) {
        __u64 lo = th->since_ns > sum->start_ns ? th->since_ns : sum->start_ns;
        if (sum->end_ns > lo) {
            if (state == HS_GC_THREAD_ON_CPU)
                cpu += sum->end_ns - lo;
            else
                runq += sum->end_ns - lo;
        }
    }
    sum->cpu_ns += cpu;
    sum->runq_ns += runq;
    if (cpu)
        sum->ran++;
    if (runq)
        sum->waited++;
    return 0;
}

/*
 * The thread beginning or ending a pause is on a CPU right now, whatever its record says: should
 * the record say otherwise, a switch was not seen (counted); it is on CPU from now on.
 */
static __always_inline void on_cpu_now(__u64 now)
{
    struct hs_gc_thread *th = gc_thread((struct task_struct *)bpf_get_current_task());
    if (th && th->state != HS_GC_THREAD_ON_CPU) {
        if (th->state != HS_GC_THREAD_UNKNOWN)
            hs_count(&gc_counters, HS_GC_COUNTER_SWITCH_UNSEEN);
        th->state = HS_GC_THREAD_ON_CPU;
        th->since_ns = now;
    }
}

static __always_inline void gc_begin(bool full)
{
    if (gc_pause.depth > 0) {
        /* Nested: the outer pause goes on, full if any part of it is. */
        if (full)
            gc_pause.full = 1;
        __sync_fetch_and_add(&gc_pause.depth, 1);
        return;
    }
    __u64 now = bpf_ktime_get_ns();
    on_cpu_now(now);
    gc_pause.start_ns = now;
    gc_pause.seq += 1;
    gc_pause.full = full;
    gc_pause.ttsp_ns = gc_safepoint.active && gc_safepoint.synced_ns ? gc_safepoint.synced_ns - gc_safepoint.begin_ns : ~0ULL;
    /* Last, and a full barrier: the scheduler programs read start and seq once depth is set. */
    __sync_fetch_and_add(&gc_pause.depth, 1);
}

static __always_inline void gc_end(void)
{
    if (gc_pause.depth == 0) {
        hs_count(&gc_counters, HS_GC_COUNTER_UNMATCHED);
        return;
    }
    /* Begin and end both run on the VM Thread, one at a time: a plain decrement is enough. */
    gc_pause.depth -= 1;
    if (gc_pause.depth != 0)
        return;
    struct pause_sum sum = { .seq = gc_pause.seq, .start_ns = gc_pause.start_ns, .end_ns = bpf_ktime_get_ns() };
    on_cpu_now(sum.end_ns);
    bpf_for_each_map_elem(&gc_threads, sum_thread, &sum, 0);
    struct hs_gc_pause_event *e = bpf_ringbuf_reserve(&gc_events, sizeof(*e), 0);
    if (!e) {
        hs_count(&gc_counters, HS_GC_COUNTER_DROPPED);
        return;
    }
    e->kind = HS_GC_RECORD_PAUSE;
    e->full = gc_pause.full;
    e->start_ns = sum.start_ns;
    e->duration_ns = sum.end_ns - sum.start_ns;
    e->gc_cpu_ns = sum.cpu_ns;
    e->gc_runq_ns = sum.runq_ns;
    e->ttsp_ns = gc_pause.ttsp_ns;
    e->threads_ran = sum.ran;
    e->threads_waited = sum.waited;
    e->tid = (__u32)bpf_get_current_pid_tgid();
    e->reserved = 0;
    bpf_ringbuf_submit(e, 0);
    hs_count(&gc_counters, HS_GC_COUNTER_SENT);
}

/* USDT hotspot:gc__begin(bool full), in VM_GC_Operation::notify_gc_begin and inlined copies. */
SEC("usdt")
int hs_gc_begin_usdt(struct pt_regs *ctx)
{
    long full = 0;
    if (!traced())
        return 0;
    bpf_usdt_arg(ctx, 0, &full);
    gc_begin((full & 0xff) != 0);
    return 0;
}

SEC("usdt")
int hs_gc_end_usdt(struct pt_regs *ctx)
{
    if (traced())
        gc_end();
    return 0;
}

/* uprobe on VM_GC_Operation::notify_gc_begin(bool full): the probe's function, also in builds without probe notes. */
SEC("uprobe")
int hs_gc_begin_up(struct pt_regs *ctx)
{
    if (traced())
        gc_begin((PT_REGS_PARM1(ctx) & 0xff) != 0);
    return 0;
}

SEC("uprobe")
int hs_gc_end_up(struct pt_regs *ctx)
{
    if (traced())
        gc_end();
    return 0;
}

/* ---- safepoints ---- */

SEC("uprobe")
int hs_sp_begin(struct pt_regs *ctx)
{
    if (!traced())
        return 0;
    gc_safepoint.begin_ns = bpf_ktime_get_ns();
    gc_safepoint.synced_ns = 0;
    gc_safepoint.op_vtable = 0;
    gc_safepoint.operations = 0;
    gc_safepoint.name_len = 0;
    gc_safepoint.active = 1;
    return 0;
}

SEC("uretprobe")
int hs_sp_synced(struct pt_regs *ctx)
{
    if (traced() && gc_safepoint.active)
        gc_safepoint.synced_ns = bpf_ktime_get_ns();
    return 0;
}

SEC("uretprobe")
int hs_sp_end(struct pt_regs *ctx)
{
    if (!traced())
        return 0;
    if (!gc_safepoint.active) {
        hs_count(&gc_counters, HS_GC_COUNTER_UNMATCHED);
        return 0;
    }
    __u64 now = bpf_ktime_get_ns();
    gc_safepoint.active = 0;
    struct hs_gc_safepoint_event *e = bpf_ringbuf_reserve(&gc_events, sizeof(*e), 0);
    if (!e) {
        hs_count(&gc_counters, HS_GC_COUNTER_DROPPED);
        return 0;
    }
    e->kind = HS_GC_RECORD_SAFEPOINT;
    e->operations = gc_safepoint.operations;
    e->start_ns = gc_safepoint.begin_ns;
    e->duration_ns = now - gc_safepoint.begin_ns;
    e->ttsp_ns = gc_safepoint.synced_ns ? gc_safepoint.synced_ns - gc_safepoint.begin_ns : ~0ULL;
    e->op_vtable = gc_safepoint.op_vtable;
    e->name_len = gc_safepoint.name_len;
    e->reserved = 0;
    __builtin_memcpy(e->name, gc_safepoint.name, sizeof(e->name));
    bpf_ringbuf_submit(e, 0);
    hs_count(&gc_counters, HS_GC_COUNTER_SENT);
    return 0;
}

/* USDT hotspot:vmops__begin(char *name, size_t len, int mode): the first operation names the safepoint. */
SEC("usdt")
int hs_vmop_usdt(struct pt_regs *ctx)
{
    if (!traced() || !gc_safepoint.active || gc_safepoint.operations++ > 0)
        return 0;
    long name = 0, len = 0;
    if (bpf_usdt_arg(ctx, 0, &name) != 0 || bpf_usdt_arg(ctx, 1, &len) != 0 || len <= 0) {
        hs_count(&gc_counters, HS_GC_COUNTER_NAME_UNREADABLE);
        return 0;
    }
    __u32 n = len > HS_GC_OP_NAME_LEN - 1 ? HS_GC_OP_NAME_LEN - 1 : (__u32)len;
    if (bpf_probe_read_user(gc_safepoint.name, n & (HS_GC_OP_NAME_LEN - 1), (void *)name) != 0) {
        hs_count(&gc_counters, HS_GC_COUNTER_NAME_UNREADABLE);
        return 0;
    }
    gc_safepoint.name_len = n;
    return 0;
}

/* uprobe on VM_Operation::evaluate() (this = the operation): its vtable names its class in Java. */
SEC("uprobe")
int hs_vmop_up(struct pt_regs *ctx)
{
    if (!traced() || !gc_safepoint.active || gc_safepoint.operations++ > 0)
        return 0;
    __u64 vtable = 0;
    if (bpf_probe_read_user(&vtable, sizeof(vtable), (void *)PT_REGS_PARM1(ctx)) != 0) {
        hs_count(&gc_counters, HS_GC_COUNTER_NAME_UNREADABLE);
        return 0;
    }
    gc_safepoint.op_vtable = vtable;
    return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
