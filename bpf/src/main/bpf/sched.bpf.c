// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Off-CPU intervals and run-queue latency of one process, per thread.
 *
 * sched_switch marks a thread of the target off CPU when it switches out (why: preempted,
 * sleeping, blocked) and, if configured for that reason, captures its user stack (frame pointers)
 * and a few kernel frames into the thread's entry in `threads`. When it switches back in, the
 * interval is added to the thread's totals and, when long enough, sent with those stacks through
 * `events`. The run-queue wait (woken or preempted → running again) is timed the same way, kept in
 * a log2 histogram per thread and sent when long enough. sched_waking remembers who woke a thread;
 * sched_wakeup starts its run-queue wait. `threads` doubles as the list of threads off CPU right
 * now (off_since_ns != 0). Threads in `ignored` are never tracked. Every interval goes into the
 * thread's totals and log2 histograms (off-CPU per reason, run-queue); records the ring buffer
 * cannot take, those over the event budgets (budget.h), and threads `threads` has no room for, are
 * counted in `counters`. While a budget is used up, switch-outs skip the stack capture.
 */
#include "hotscope.bpf.h"
#include "budget.h"
#include "sched.h"

/* include/linux/sched.h */
#define HS_TASK_DEAD 0x80
/* Kernel frames of the BPF tracepoint machinery above __schedule, skipped when capturing. */
#define HS_KERNEL_SKIP 3
/* Words of user stack above sp searched for a frame record when rbp is not a frame pointer. */
#define HS_SCAN_WORDS 128
#define HS_SCAN_BYTES (8 * HS_SCAN_WORDS)
#define HS_PAGE_SIZE 4096
/* How far above sp a frame may lie: the largest thread stack we expect (8 MiB, the main thread's). */
#define HS_STACK_REACH (8ULL << 20)
#define HS_EFAULT 14

const volatile struct hs_sched_config cfg = {};

/* The value new entries of `threads` start from: too large to build on the 512-byte BPF stack. */
struct hs_sched_thread empty_thread = {};

/* x86-64 user registers as the kernel saved them; CO-RE matches this to struct pt_regs. */
struct pt_regs___hssched {
    unsigned long bp;
    unsigned long ip;
    unsigned long sp;
} __attribute__((preserve_access_index));

/* The top of a user stack, searched for a frame record. */
struct hs_sched_scan {
    __u64 words[HS_SCAN_WORDS];
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct hs_sched_scan);
} scan SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, HS_SCHED_MAX_THREADS);
    __type(key, __u32);
    __type(value, struct hs_sched_thread);
} threads SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, HS_SCHED_MAX_IGNORED);
    __type(key, __u32);
    __type(value, __u8);
} ignored SEC(".maps");

/* Interrupt handlers (hard, soft, hrtimer callbacks) running on each CPU, nested. */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} interrupt_depth SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4 * 1024 * 1024); /* ~5900 off-CPU records of 704 bytes */
} events SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, HS_SCHED_COUNTERS);
    __type(key, __u32);
    __type(value, __u64);
} counters SEC(".maps");

HS_BUDGET_MAP(budget, HS_SCHED_BUDGETS);

static __always_inline bool traced(struct task_struct *task)
{
    return (__u32)BPF_CORE_READ(task, tgid) == cfg.tgid;
}

/* The thread's entry, created on first sight unless the thread is ignored; null if it is ignored
 * or there is no room (counted). */
static __always_inline struct hs_sched_thread *thread_entry(__u32 tid)
{
    struct hs_sched_thread *t = bpf_map_lookup_elem(&threads, &tid);
    if (t)
        return t;
    if (bpf_map_lookup_elem(&ignored, &tid))
        return 0;
    /* BPF_NOEXIST: if a wakeup on another CPU created it meanwhile, keep that one. */
    bpf_map_update_elem(&threads, &tid, &empty_thread, BPF_NOEXIST);
    t = bpf_map_lookup_elem(&threads, &tid);
    if (!t)
        hs_count(&counters, HS_SCHED_COUNTER_THREADS_FULL);
    return t;
}

static __always_inline void forget_thread(__u32 tid)
{
    bpf_map_delete_elem(&threads, &tid);
    bpf_map_delete_elem(&ignored, &tid);
}

static __always_inline __u32 reason_of(bool preempt, unsigned int prev_state)
{
    /* A preempted task keeps its run queue place whatever its state says (it may have been
     * preempted while getting ready to sleep). */
    if (preempt || prev_state == HS_TASK_STATE_RUNNING)
        return HS_SCHED_PREEMPTED;
    if (prev_state & HS_TASK_UNINTERRUPTIBLE)
        return HS_SCHED_BLOCKED;
    return HS_SCHED_SLEEPING;
}

/* Whether fp can be a frame record: 8-aligned, above sp (frames of callers lie higher). */
static __always_inline bool in_stack(__u64 fp, __u64 sp)
{
    return fp > sp && fp - sp < HS_STACK_REACH && (fp & 7) == 0;
}

/* Whether fp holds a frame record {caller's fp, return address}: the link goes higher up the
 * stack, the return address lies outside it. Stores the link in next. */
static __always_inline bool frame_record_at(__u64 fp, __u64 sp, __u64 *next)
{
    __u64 record[2];
    if (bpf_probe_read_user(record, sizeof(record), (const void *)fp) != 0)
        return false;
    *next = record[0];
    return record[1] >= HS_PAGE_SIZE && !in_stack(record[1], sp) && in_stack(record[0], fp);
}

/* Whether a frame-pointer chain starts at fp: two records in a row, as a stray pointer into the
 * stack rarely passes for one twice. */
static __always_inline bool frame_chain_at(__u64 fp, __u64 sp)
{
    __u64 next = 0, after = 0;
    return frame_record_at(fp, sp, &next) && frame_record_at(next, sp, &after);
}

struct scan_state {
    struct hs_sched_scan *copy;
    __u64 sp;
    __u32 words;        /* words copied from sp */
    __u64 found;
};

/* bpf_loop() body: one word of the copy (a loop the verifier walks once, not 128 times). */
static long scan_word(__u32 i, void *data)
{
    struct scan_state *s = data;
    if (i >= s->words)
        return 1;
    __u64 fp = s->copy->words[i & (HS_SCAN_WORDS - 1)];
    if (!in_stack(fp, s->sp + 8 * (__u64)i) || !frame_chain_at(fp, s->sp))
        return 0;
    s->found = fp;
    return 1;
}

/*
 * The first word above sp that points higher up the stack at a frame record: rbp as saved by the
 * innermost function without frame pointers (glibc's syscall wrappers use rbp for data), that is
 * the frame pointer of the nearest caller that keeps them (libjvm, JIT code with
 * -XX:+PreserveFramePointer). 0 if none.
 */
static __always_inline __u64 find_frame_record(__u64 sp)
{
    __u32 zero = 0;
    struct hs_sched_scan *copy = bpf_map_lookup_elem(&scan, &zero);
    if (!copy)
        return 0;
    __u32 copied = HS_SCAN_BYTES;
    if (bpf_probe_read_user(copy->words, HS_SCAN_BYTES, (const void *)sp) != 0) {
        /* The stack's top is nearer than that (a fresh thread's): search the rest of sp's page. */
        copied = HS_PAGE_SIZE - (__u32)(sp & (HS_PAGE_SIZE - 1));
        if (copied > HS_SCAN_BYTES)
            copied = HS_SCAN_BYTES;
        if (bpf_probe_read_user(copy->words, copied & (HS_SCAN_BYTES * 2 - 1), (const void *)sp) != 0)
            return 0;
    }
    struct scan_state state = { .copy = copy, .sp = sp, .words = copied / 8, .found = 0 };
    bpf_loop(HS_SCAN_WORDS, scan_word, &state, 0);
    return state.found;
}

struct walk_state {
    __u64 *out;
    __u64 fp;
    __u32 max_frames;
    __u32 frames;
};

/* bpf_loop() body: one step up the frame pointer chain. */
static long walk_frame(__u32 i, void *data)
{
    struct walk_state *w = data;
    __u32 at = i + 1;
    __u64 record[2];
    if (at >= w->max_frames || w->fp == 0)
        return 1;
    if (bpf_probe_read_user(record, sizeof(record), (const void *)w->fp) != 0 || record[1] == 0)
        return 1;
    w->out[at & (HS_SCHED_USER_FRAMES - 1)] = record[1];
    w->frames = at + 1;
    /* Each caller's record lies higher up: anything else is not a frame pointer chain. */
    w->fp = in_stack(record[0], w->fp) ? record[0] : 0;
    return 0;
}

/*
 * The current thread's user stack: the pc, then the return addresses of a frame-pointer walk from
 * rbp, or, when rbp is no frame pointer, from the frame record found above sp. bpf_get_stack()
 * would stop at the first libc frame, as a thread off CPU nearly always sits in one (a syscall
 * wrapper). Returns the bytes stored or a negative errno.
 */
static __always_inline __s32 capture_user_stack(__u64 *out, __u32 max_frames)
{
    struct task_struct *task = bpf_get_current_task_btf();
    struct pt_regs___hssched *regs = (struct pt_regs___hssched *)bpf_task_pt_regs(task);
    __u64 ip = BPF_CORE_READ(regs, ip);
    __u64 sp = BPF_CORE_READ(regs, sp);
    __u64 fp = BPF_CORE_READ(regs, bp);
    if (ip == 0 || sp == 0)
        return -HS_EFAULT;
    out[0] = ip;
    if (!in_stack(fp, sp) || !frame_chain_at(fp, sp))
        fp = find_frame_record(sp);
    struct walk_state walk = { .out = out, .fp = fp, .max_frames = max_frames, .frames = 1 };
    bpf_loop(HS_SCHED_USER_FRAMES, walk_frame, &walk, 0);
    return (__s32)(walk.frames * 8);
}

static __always_inline void capture_stacks(void *ctx, struct hs_sched_thread *t, __u32 reason)
{
    t->user_stack_bytes = 0;
    t->kernel_stack_bytes = 0;
    if (cfg.user_stacks & HS_SCHED_STACK_FOR(reason)) {
        __u32 frames = cfg.user_frames;
        if (frames == 0 || frames > HS_SCHED_USER_FRAMES)
            frames = HS_SCHED_USER_FRAMES;
        t->user_stack_bytes = capture_user_stack(t->user_stack, frames);
    }
    if (cfg.kernel_stacks & HS_SCHED_STACK_FOR(reason))
        t->kernel_stack_bytes = bpf_get_stack(ctx, t->kernel_stack, sizeof(t->kernel_stack), HS_KERNEL_SKIP);
}

static __always_inline void switch_out(void *ctx, struct task_struct *prev, bool preempt,
                                       unsigned int prev_state, __u64 now)
{
    __u32 tid = (__u32)BPF_CORE_READ(prev, pid);
    if (prev_state & HS_TASK_DEAD) {
        /* Its last switch: sched_process_exit came before, and the exit path may have slept
         * since and made a new entry. */
        forget_thread(tid);
        return;
    }
    struct hs_sched_thread *t = thread_entry(tid);
    if (!t)
        return;
    __u32 reason = reason_of(preempt, prev_state);
    if (t->on_since_ns != 0 && now > t->on_since_ns)
        t->on_cpu_ns += now - t->on_since_ns;
    t->off_since_ns = now;
    t->off_reason = reason;
    t->switches[reason & 3] += 1;
    if (reason == HS_SCHED_PREEMPTED) {
        t->runnable_since_ns = now;
        t->runq_cause = HS_SCHED_RUNQ_PREEMPTED;
    } else {
        t->runnable_since_ns = 0;
    }
    /* A record past the budget is not sent: its stacks, the costliest part, need not be taken. */
    if (hs_budget_spent(&budget, HS_SCHED_BUDGET_OFFCPU, cfg.offcpu_budget)) {
        t->user_stack_bytes = 0;
        t->kernel_stack_bytes = 0;
        return;
    }
    capture_stacks(ctx, t, reason);
}

/* Plain adds: only the thread's own switch-in writes its histograms, on one CPU at a time. */
static __always_inline void add_to_histogram(struct hs_sched_hist *h, __u64 ns)
{
    __u32 slot = hs_log2(ns / 1000);
    if (slot >= HS_SCHED_HIST_SLOTS)
        slot = HS_SCHED_HIST_SLOTS - 1;
    h->slots[slot] += 1;
    h->count += 1;
    h->sum_ns += ns;
}

static __always_inline void add_runq_wait(struct hs_sched_thread *t, __u64 wait_ns)
{
    add_to_histogram(&t->runq, wait_ns);
    t->runq_ns += wait_ns;
}

/* Whether a record may go out under budget `which`; counts it as throttled if not. */
static __always_inline bool within_budget(__u32 which, __u64 per_window, __u32 throttled)
{
    if (hs_budget_take(&budget, which, per_window))
        return true;
    hs_count(&counters, throttled);
    return false;
}

static __always_inline void send_runq(__u32 tid, struct hs_sched_thread *t, __u64 wait_ns, __u32 cpu)
{
    struct hs_sched_runq_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) {
        hs_count(&counters, HS_SCHED_COUNTER_RUNQ_DROPPED);
        return;
    }
    e->kind = HS_SCHED_EVENT_RUNQ;
    e->tid = tid;
    e->start_ns = t->runnable_since_ns;
    e->duration_ns = wait_ns;
    e->cause = t->runq_cause;
    e->cpu = cpu;
    bpf_ringbuf_submit(e, 0);
    hs_count(&counters, HS_SCHED_COUNTER_RUNQ_SENT);
}

/* Copies a captured stack whole: a constant size costs less to prove safe than the bytes captured
 * (the reader looks at those only). */
static __always_inline void copy_stack(__u64 *to, const __u64 *from, __s32 bytes, __u32 size)
{
    if (bytes > 0)
        bpf_probe_read_kernel(to, size, from);
}

static __always_inline void send_offcpu(__u32 tid, struct hs_sched_thread *t, __u64 off_ns, __u64 runq_ns,
                                        __u32 cpu)
{
    struct hs_sched_offcpu_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) {
        hs_count(&counters, HS_SCHED_COUNTER_OFFCPU_DROPPED);
        return;
    }
    bool woken = t->off_reason != HS_SCHED_PREEMPTED;
    e->kind = HS_SCHED_EVENT_OFFCPU;
    e->tid = tid;
    e->start_ns = t->off_since_ns;
    e->duration_ns = off_ns;
    e->runq_ns = runq_ns;
    e->reason = t->off_reason;
    /* A preempted thread was not woken: a waker noted meanwhile belongs to no wait of this interval. */
    e->waker_tid = woken ? t->waker_tid : 0;
    e->waker_pid = woken ? t->waker_pid : 0;
    e->cpu = cpu;
    e->user_stack_bytes = t->user_stack_bytes;
    e->kernel_stack_bytes = t->kernel_stack_bytes;
    copy_stack(e->user_stack, t->user_stack, t->user_stack_bytes, sizeof(e->user_stack));
    copy_stack(e->kernel_stack, t->kernel_stack, t->kernel_stack_bytes, sizeof(e->kernel_stack));
    bpf_ringbuf_submit(e, 0);
    hs_count(&counters, HS_SCHED_COUNTER_OFFCPU_SENT);
}

static __always_inline void switch_in(struct task_struct *next, __u64 now)
{
    __u32 tid = (__u32)BPF_CORE_READ(next, pid);
    struct hs_sched_thread *t = thread_entry(tid);
    if (!t)
        return;
    __u32 cpu = bpf_get_smp_processor_id();
    __u64 runq_ns = 0;
    if (t->runnable_since_ns != 0 && now > t->runnable_since_ns) {
        runq_ns = now - t->runnable_since_ns;
        add_runq_wait(t, runq_ns);
        if (runq_ns >= cfg.min_runq_ns
            && within_budget(HS_SCHED_BUDGET_RUNQ, cfg.runq_budget, HS_SCHED_COUNTER_RUNQ_THROTTLED))
            send_runq(tid, t, runq_ns, cpu);
    }
    if (t->off_since_ns != 0 && now > t->off_since_ns) {
        __u64 off_ns = now - t->off_since_ns;
        __u32 reason = t->off_reason;
        t->off_cpu_ns[reason & 3] += off_ns;
        if (reason < HS_SCHED_REASONS)
            add_to_histogram(&t->offcpu[reason], off_ns);
        if (off_ns >= cfg.min_offcpu_ns
            && within_budget(HS_SCHED_BUDGET_OFFCPU, cfg.offcpu_budget, HS_SCHED_COUNTER_OFFCPU_THROTTLED))
            send_offcpu(tid, t, off_ns, runq_ns, cpu);
    }
    t->off_since_ns = 0;
    t->runnable_since_ns = 0;
    t->waker_tid = 0;
    t->waker_pid = 0;
    t->on_since_ns = now;
}

/* sched_switch(bool preempt, struct task_struct *prev, struct task_struct *next, unsigned int prev_state) */
SEC("raw_tp/sched_switch")
int hs_sched_switch(struct bpf_raw_tracepoint_args *ctx)
{
    struct task_struct *prev = (struct task_struct *)ctx->args[1];
    struct task_struct *next = (struct task_struct *)ctx->args[2];
    bool prev_traced = traced(prev);
    bool next_traced = traced(next);
    if (!prev_traced && !next_traced)
        return 0;
    __u64 now = bpf_ktime_get_ns();
    if (prev_traced)
        switch_out(ctx, prev, (ctx->args[0] & 1) != 0, (unsigned int)ctx->args[3], now);
    if (next_traced)
        switch_in(next, now);
    return 0;
}

/*
 * Interrupt nesting, kept by the handlers' entry and exit tracepoints: BPF cannot read the
 * preempt count where the kernel lacks CONFIG_KALLSYMS_ALL, and an interrupt from user mode runs
 * on the interrupted task's own stack. The loader attaches the exits before the entries, so no
 * entry is seen without its exit; an exit without its entry (attached mid-interrupt) is ignored.
 * Each program is attached three times: to irq_handler_*, softirq_* and hrtimer_expire_*.
 */
SEC("raw_tp/irq_handler_entry")
int hs_interrupt_enter(void *ctx)
{
    __u32 zero = 0;
    __u64 *depth = bpf_map_lookup_elem(&interrupt_depth, &zero);
    if (depth)
        *depth += 1;
    return 0;
}

SEC("raw_tp/irq_handler_exit")
int hs_interrupt_exit(void *ctx)
{
    __u32 zero = 0;
    __u64 *depth = bpf_map_lookup_elem(&interrupt_depth, &zero);
    if (depth && *depth > 0)
        *depth -= 1;
    return 0;
}

/* Whether a hardirq handler, a softirq or an hrtimer callback is running on this CPU. Other
 * interrupt work (irq_work, IPIs) is not counted: a wakeup from there names the interrupted task. */
static __always_inline bool in_interrupt(void)
{
    __u32 zero = 0;
    __u64 *depth = bpf_map_lookup_elem(&interrupt_depth, &zero);
    return depth && *depth > 0;
}

/* sched_waking(struct task_struct *p): in the context of whoever wakes p, before p is enqueued. */
SEC("raw_tp/sched_waking")
int hs_sched_waking(struct bpf_raw_tracepoint_args *ctx)
{
    struct task_struct *p = (struct task_struct *)ctx->args[0];
    if (!traced(p))
        return 0;
    __u32 tid = (__u32)BPF_CORE_READ(p, pid);
    struct hs_sched_thread *t = bpf_map_lookup_elem(&threads, &tid);
    if (!t)
        return 0;
    /* An interrupt (timer, I/O completion) wakes on behalf of nobody: `current` is whoever it
     * happened to interrupt. */
    if (in_interrupt()) {
        t->waker_tid = 0;
        t->waker_pid = 0;
        return 0;
    }
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    t->waker_tid = (__u32)pid_tgid;
    t->waker_pid = (__u32)(pid_tgid >> 32);
    return 0;
}

/* sched_wakeup(struct task_struct *p): p is on a run queue now; runs under that run queue's lock,
 * as its switch-in does, so the two never race. */
SEC("raw_tp/sched_wakeup")
int hs_sched_wakeup(struct bpf_raw_tracepoint_args *ctx)
{
    struct task_struct *p = (struct task_struct *)ctx->args[0];
    if (!traced(p))
        return 0;
    __u32 tid = (__u32)BPF_CORE_READ(p, pid);
    struct hs_sched_thread *t = bpf_map_lookup_elem(&threads, &tid);
    /* Not off CPU: woken before it got to switch out, so it never waited. Already runnable: the
     * wait began earlier (preempted while getting ready to sleep). */
    if (!t || t->off_since_ns == 0 || t->runnable_since_ns != 0)
        return 0;
    t->runnable_since_ns = bpf_ktime_get_ns();
    t->runq_cause = HS_SCHED_RUNQ_WAKEUP;
    return 0;
}

/* sched_wakeup_new(struct task_struct *p): a new thread's first wait for a CPU; `current` made it. */
SEC("raw_tp/sched_wakeup_new")
int hs_sched_wakeup_new(struct bpf_raw_tracepoint_args *ctx)
{
    struct task_struct *p = (struct task_struct *)ctx->args[0];
    if (!traced(p))
        return 0;
    __u32 tid = (__u32)BPF_CORE_READ(p, pid);
    struct hs_sched_thread *t = thread_entry(tid);
    if (!t)
        return 0;
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    t->runnable_since_ns = bpf_ktime_get_ns();
    t->runq_cause = HS_SCHED_RUNQ_WAKEUP;
    t->waker_tid = (__u32)pid_tgid;
    t->waker_pid = (__u32)(pid_tgid >> 32);
    return 0;
}

/* A thread exits: forget it, so the maps never fill with the dead. */
SEC("tracepoint/sched/sched_process_exit")
int hs_sched_thread_exit(struct trace_event_raw_sched_process_template *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if ((__u32)(pid_tgid >> 32) != cfg.tgid)
        return 0;
    forget_thread((__u32)pid_tgid);
    return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
