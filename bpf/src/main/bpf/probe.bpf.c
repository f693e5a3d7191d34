// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * One generic probe, configured at load time (.rodata), so the lab's usdt(), uprobe() and
 * tracepoint() sources need no compiler on the host: a start program and an end program for each
 * kind of attach point (tracepoint, uprobe or uretprobe, USDT). The loader loads only the two (or
 * one) it attaches.
 *
 * Unpaired, every start that passes the filters is a hit. Paired, a start is kept by tid until the
 * thread's next end, which makes the hit (duration = end - start); a start replaced by another
 * before its end is counted as unpaired, never emitted. An end with no start waiting (in flight
 * when tracing began, or its start was filtered) is ignored. Records the ring buffer cannot take,
 * and hits over the event budget (budget.h; unlimited unless the loader sets one), are counted,
 * never lost silently.
 */
#include "hotscope.bpf.h"
#include "budget.h"
#include "probe.h"

/* x86-64 user registers as uprobe and USDT programs see them (CO-RE relocated); __VMLINUX_H__
 * makes bpf_tracing.h use these (kernel) field names. */
#define __VMLINUX_H__
struct pt_regs {
    unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
    unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
} __attribute__((preserve_access_index));
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

const volatile struct hs_probe_config cfg = {};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, HS_PROBE_MAX_STARTS);
    __type(key, __u32);
    __type(value, struct hs_probe_start);
} probe_starts SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, HS_PROBE_MAX_TIDS);
    __type(key, __u32);
    __type(value, __u8);
} probe_tids SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4 * 1024 * 1024); /* ~37000 records without stacks */
} probe_hits SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, HS_PROBE_COUNTERS);
    __type(key, __u32);
    __type(value, __u64);
} probe_counters SEC(".maps");

HS_BUDGET_MAP(probe_budget, 1);

/* Per-CPU scratch for the values of one firing (too big for the 512-byte stack with the rest). */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct hs_probe_start);
} probe_scratch SEC(".maps");

static __always_inline bool selected(__u64 pid_tgid)
{
    if (cfg.tgid && (__u32)(pid_tgid >> 32) != cfg.tgid)
        return false;
    if (cfg.use_tids) {
        __u32 tid = (__u32)pid_tgid;
        if (!bpf_map_lookup_elem(&probe_tids, &tid))
            return false;
    }
    return true;
}

static __always_inline struct hs_probe_start *scratch(void)
{
    __u32 zero = 0;
    return bpf_map_lookup_elem(&probe_scratch, &zero);
}

static __always_inline bool holds(__s64 v, __u32 op, __s64 value)
{
    switch (op) {
    case HS_PROBE_OP_EQ: return v == value;
    case HS_PROBE_OP_NE: return v != value;
    case HS_PROBE_OP_LT: return v < value;
    case HS_PROBE_OP_LE: return v <= value;
    case HS_PROBE_OP_GT: return v > value;
    case HS_PROBE_OP_GE: return v >= value;
    }
    return false;
}

static __always_inline bool passes(struct hs_probe_start *s)
{
    for (int i = 0; i < HS_PROBE_FILTERS; i++) {
        if (i >= cfg.filter_count)
            break;
        __u32 index = cfg.filters[i].index;
        if (index >= HS_PROBE_ARGS || !holds(s->args[index], cfg.filters[i].op, cfg.filters[i].value))
            return false;
    }
    return true;
}

static __always_inline void fill(struct hs_probe_hit *e, __u64 pid_tgid, struct hs_probe_start *s, __u64 duration,
                                 __s64 ret)
{
    e->pid = (__u32)(pid_tgid >> 32);
    e->tid = (__u32)pid_tgid;
    e->cpu = bpf_get_smp_processor_id();
    bpf_get_current_comm(e->comm, sizeof(e->comm));
    e->start_ns = s->start_ns;
    e->duration_ns = duration;
    for (int i = 0; i < HS_PROBE_ARGS; i++)
        e->args[i] = s->args[i];
    e->ret = ret;
}

static __always_inline void emit(void *ctx, __u64 pid_tgid, struct hs_probe_start *s, __u64 duration, __s64 ret)
{
    if (!hs_budget_take(&probe_budget, 0, cfg.budget)) {
        hs_count(&probe_counters, HS_PROBE_THROTTLED);
        return;
    }
    if (cfg.stacks) {
        struct hs_probe_hit_stacks *e = bpf_ringbuf_reserve(&probe_hits, sizeof(*e), 0);
        if (!e) {
            hs_count(&probe_counters, HS_PROBE_DROPPED);
            return;
        }
        fill(&e->hit, pid_tgid, s, duration, ret);
        e->hit.flags = HS_PROBE_HIT_STACKS;
        e->hit.user_bytes = 0;
        e->hit.kernel_bytes = 0;
        if (cfg.stacks & 1)
            e->hit.user_bytes = bpf_get_stack(ctx, e->user, sizeof(e->user), BPF_F_USER_STACK);
        if (cfg.stacks & 2)
            e->hit.kernel_bytes = bpf_get_stack(ctx, e->kernel, sizeof(e->kernel), 0);
        bpf_ringbuf_submit(e, 0);
    } else {
        struct hs_probe_hit *e = bpf_ringbuf_reserve(&probe_hits, sizeof(*e), 0);
        if (!e) {
            hs_count(&probe_counters, HS_PROBE_DROPPED);
            return;
        }
        fill(e, pid_tgid, s, duration, ret);
        e->flags = 0;
        e->user_bytes = 0;
        e->kernel_bytes = 0;
        bpf_ringbuf_submit(e, 0);
    }
    hs_count(&probe_counters, HS_PROBE_EMITTED);
}

/* A start with its values in s (scratch): a hit now, or kept until the thread's end. */
static __always_inline void started(void *ctx, __u64 pid_tgid, struct hs_probe_start *s)
{
    hs_count(&probe_counters, HS_PROBE_HITS);
    if (!passes(s)) {
        hs_count(&probe_counters, HS_PROBE_FILTERED);
        return;
    }
    if (!cfg.paired) {
        emit(ctx, pid_tgid, s, 0, 0);
        return;
    }
    __u32 tid = (__u32)pid_tgid;
    if (bpf_map_lookup_elem(&probe_starts, &tid))
        hs_count(&probe_counters, HS_PROBE_UNPAIRED);   /* the earlier start never saw its end */
    if (bpf_map_update_elem(&probe_starts, &tid, s, BPF_ANY) != 0)
        hs_count(&probe_counters, HS_PROBE_UNPAIRED);   /* table full: this start cannot be paired */
}

static __always_inline void ended(void *ctx, __u64 pid_tgid, __s64 ret)
{
    __u32 tid = (__u32)pid_tgid;
    struct hs_probe_start *waiting = bpf_map_lookup_elem(&probe_starts, &tid);
    if (!waiting)
        return;
    __u64 now = bpf_ktime_get_ns();
    struct hs_probe_start *s = scratch();
    if (!s)
        return;
    __builtin_memcpy(s, waiting, sizeof(*s));
    bpf_map_delete_elem(&probe_starts, &tid);
    __u64 duration = now - s->start_ns;
    if (duration < cfg.min_duration_ns) {
        hs_count(&probe_counters, HS_PROBE_FILTERED);
        return;
    }
    emit(ctx, pid_tgid, s, duration, ret);
}

/* ---- value sources ---- */

/* One numeric field of a trace record, sign-extended as the format says. */
static __always_inline __s64 field(void *ctx, __u16 offset, __u8 size, __u8 is_signed)
{
    void *at = (char *)ctx + offset;
    switch (size) {
    case 1: { __u8 v = 0; bpf_probe_read_kernel(&v, 1, at); return is_signed ? (__s64)(__s8)v : (__s64)v; }
    case 2: { __u16 v = 0; bpf_probe_read_kernel(&v, 2, at); return is_signed ? (__s64)(__s16)v : (__s64)v; }
    case 4: { __u32 v = 0; bpf_probe_read_kernel(&v, 4, at); return is_signed ? (__s64)(__s32)v : (__s64)v; }
    case 8: { __u64 v = 0; bpf_probe_read_kernel(&v, 8, at); return (__s64)v; }
    }
    return 0;
}

static __always_inline void tracepoint_values(void *ctx, const volatile struct hs_probe_fields *f, __s64 *args)
{
    for (int i = 0; i < HS_PROBE_ARGS; i++) {
        if (i >= f->count)
            break;
        args[i] = field(ctx, f->offset[i], f->size[i], f->is_signed[i]);
    }
}

static __always_inline void usdt_values(struct pt_regs *ctx, __s64 *args)
{
    int count = bpf_usdt_arg_cnt(ctx);
    for (int i = 0; i < HS_PROBE_ARGS; i++) {
        long v = 0;
        if (i >= count)
            break;
        bpf_usdt_arg(ctx, i, &v);
        args[i] = v;
    }
}

static __always_inline struct hs_probe_start *begin(__u64 pid_tgid)
{
    if (!selected(pid_tgid))
        return NULL;
    struct hs_probe_start *s = scratch();
    if (!s)
        return NULL;
    s->start_ns = bpf_ktime_get_ns();
    for (int i = 0; i < HS_PROBE_ARGS; i++)
        s->args[i] = 0;
    return s;
}

/* ---- programs: the loader attaches one start and, paired, one end ---- */

SEC("tracepoint")
int hs_probe_tp_start(void *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    struct hs_probe_start *s = begin(pid_tgid);
    if (!s)
        return 0;
    tracepoint_values(ctx, &cfg.start_fields, s->args);
    started(ctx, pid_tgid, s);
    return 0;
}

SEC("tracepoint")
int hs_probe_tp_end(void *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if (!selected(pid_tgid))
        return 0;
    __s64 ret = cfg.end_fields.count ? field(ctx, cfg.end_fields.offset[0], cfg.end_fields.size[0],
                                             cfg.end_fields.is_signed[0]) : 0;
    ended(ctx, pid_tgid, ret);
    return 0;
}

SEC("uprobe")
int hs_probe_up_start(struct pt_regs *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    struct hs_probe_start *s = begin(pid_tgid);
    if (!s)
        return 0;
    s->args[0] = PT_REGS_PARM1(ctx);
    s->args[1] = PT_REGS_PARM2(ctx);
    s->args[2] = PT_REGS_PARM3(ctx);
    s->args[3] = PT_REGS_PARM4(ctx);
    s->args[4] = PT_REGS_PARM5(ctx);
    s->args[5] = ctx->r9;  /* the sixth argument register; libbpf 1.1 has no PT_REGS_PARM6 */
    started(ctx, pid_tgid, s);
    return 0;
}

/* Attached as a uretprobe (ret: the return value) or at another function's entry (ret: its arg0). */
SEC("uprobe")
int hs_probe_up_end(struct pt_regs *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if (!selected(pid_tgid))
        return 0;
    /* Both read unconditionally: a ctx pointer chosen by a branch is one the verifier refuses. */
    __s64 rc = PT_REGS_RC(ctx);
    __s64 arg0 = PT_REGS_PARM1(ctx);
    ended(ctx, pid_tgid, cfg.end_ret_from_rc ? rc : arg0);
    return 0;
}

SEC("usdt")
int hs_probe_usdt_start(struct pt_regs *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    struct hs_probe_start *s = begin(pid_tgid);
    if (!s)
        return 0;
    usdt_values(ctx, s->args);
    started(ctx, pid_tgid, s);
    return 0;
}

SEC("usdt")
int hs_probe_usdt_end(struct pt_regs *ctx)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    if (!selected(pid_tgid))
        return 0;
    long ret = 0;
    if (bpf_usdt_arg_cnt(ctx) > 0)
        bpf_usdt_arg(ctx, 0, &ret);
    ended(ctx, pid_tgid, ret);
    return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
