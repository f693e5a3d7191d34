// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Syscall latency of one process, per thread and syscall.
 *
 * raw_syscalls:sys_enter remembers (syscall, start) per thread in `inflight`, which user space
 * reads to see calls still blocked; sys_exit adds the latency to the thread's log2 histogram for
 * that syscall in `hists` and, for calls at or above the threshold, sends one record with user
 * and kernel stacks through the `events` ring buffer. Records the ring buffer cannot take, and
 * those over the event budget (budget.h), are counted in `counters`, never lost silently; the
 * histograms count every call either way. User stacks travel as registers plus a copy of the
 * stack (user_stack.h) and are unwound in Java.
 */
#include "hotscope.bpf.h"
#include "user_stack.h"
#include "budget.h"
#include "syscalls.h"

const volatile struct hs_syscalls_config cfg = {};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, HS_MAX_THREADS);
    __type(key, __u32);
    __type(value, struct hs_inflight);
} inflight SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, HS_MAX_HISTS);
    __type(key, struct hs_hist_key);
    __type(value, struct hs_hist);
} hists SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 16 * 1024 * 1024); /* ~1000 records of 16.3 KiB */
} events SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, HS_COUNTERS);
    __type(key, __u32);
    __type(value, __u64);
} counters SEC(".maps");

HS_BUDGET_MAP(budget, 1);

static __always_inline bool traced(__u64 pid_tgid)
{
    return (__u32)(pid_tgid >> 32) == cfg.tgid;
}

/*
 * Raw tracepoints, not the classic ones: they skip building the trace-event record, which costs
 * every syscall of every process ~100 ns while we are attached (bench/run-bpf.sh). Arguments:
 * sys_enter (struct pt_regs *regs, long id), sys_exit (struct pt_regs *regs, long ret).
 */
SEC("raw_tp/sys_enter")
int hs_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if (!traced(pid_tgid))
        return 0;
    __u32 tid = (__u32)pid_tgid;
    __u64 now = bpf_ktime_get_ns();
    __u32 nr = (__u32)ctx->args[1];
    /* A thread's slot is reused: a lookup and two stores cost less than a hash update. */
    struct hs_inflight *slot = bpf_map_lookup_elem(&inflight, &tid);
    if (slot) {
        slot->nr = nr;
        slot->start_ns = now;
        return 0;
    }
    struct hs_inflight call = { .start_ns = now, .nr = nr };
    if (bpf_map_update_elem(&inflight, &tid, &call, BPF_ANY) != 0)
        hs_count(&counters, HS_COUNTER_INFLIGHT_FULL);
    return 0;
}

static __always_inline void add_to_histogram(__u32 tid, __u32 nr, __u64 duration_ns)
{
    struct hs_hist_key key = { .tid = tid, .nr = nr };
    struct hs_hist *hist = bpf_map_lookup_elem(&hists, &key);
    if (!hist) {
        struct hs_hist empty = {};
        /* Another CPU may have created it first (BPF_NOEXIST fails then): look it up either way. */
        bpf_map_update_elem(&hists, &key, &empty, BPF_NOEXIST);
        hist = bpf_map_lookup_elem(&hists, &key);
        if (!hist) {
            hs_count(&counters, HS_COUNTER_HISTS_FULL);
            return;
        }
    }
    __u32 slot = hs_log2(duration_ns / 1000);
    if (slot >= HS_HIST_SLOTS)
        slot = HS_HIST_SLOTS - 1;
    /* Plain adds: the key holds the tid, and a thread exits one syscall at a time on one CPU. */
    hist->slots[slot] += 1;
    hist->count += 1;
    hist->sum_ns += duration_ns;
}

static __always_inline void fill_head(struct hs_syscall_event_head *h, __u32 tid, struct hs_inflight *call,
                                      __u64 duration_ns, long ret)
{
    h->tid = tid;
    h->nr = call->nr;
    h->start_ns = call->start_ns;
    h->duration_ns = duration_ns;
    h->ret = ret;
    h->kernel_stack_bytes = 0;
    h->reserved = 0;
}

static __always_inline void send_slow_call(void *ctx, __u32 tid, struct hs_inflight *call,
                                           __u64 duration_ns, long ret)
{
    if (cfg.flags & HS_SYSCALLS_NO_STACKS) {
        struct hs_syscall_event_head *h = bpf_ringbuf_reserve(&events, sizeof(*h), 0);
        if (!h) {
            hs_count(&counters, HS_COUNTER_DROPPED);
            return;
        }
        fill_head(h, tid, call, duration_ns, ret);
        bpf_ringbuf_submit(h, 0);
        hs_count(&counters, HS_COUNTER_SENT);
        return;
    }
    struct hs_syscall_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) {
        hs_count(&counters, HS_COUNTER_DROPPED);
        return;
    }
    fill_head(&e->head, tid, call, duration_ns, ret);
    e->head.kernel_stack_bytes = bpf_get_stack(ctx, e->kernel_stack, sizeof(e->kernel_stack), 0);
    hs_copy_user_stack(&e->user);
    bpf_ringbuf_submit(e, 0);
    hs_count(&counters, HS_COUNTER_SENT);
}

SEC("raw_tp/sys_exit")
int hs_sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if (!traced(pid_tgid))
        return 0;
    __u32 tid = (__u32)pid_tgid;
    struct hs_inflight *call = bpf_map_lookup_elem(&inflight, &tid);
    if (!call || call->start_ns == 0)
        return 0;
    __u64 duration_ns = bpf_ktime_get_ns() - call->start_ns;
    add_to_histogram(tid, call->nr, duration_ns);
    if (duration_ns >= cfg.min_ns) {
        if (hs_budget_take(&budget, 0, cfg.budget))
            send_slow_call(ctx, tid, call, duration_ns, (long)ctx->args[1]);
        else
            hs_count(&counters, HS_COUNTER_THROTTLED);
    }
    /* Not in flight any more; the slot stays for the thread's next call (deleted at thread exit). */
    call->start_ns = 0;
    return 0;
}

/* exit() and exit_group() never return: forget the call so `inflight` does not fill up. */
SEC("tracepoint/sched/sched_process_exit")
int hs_thread_exit(struct trace_event_raw_sched_process_template *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if (!traced(pid_tgid))
        return 0;
    __u32 tid = (__u32)pid_tgid;
    bpf_map_delete_elem(&inflight, &tid);
    return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
