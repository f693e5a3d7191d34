/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * An event budget: at most a configured number of ring-buffer records per time window, shared by
 * every CPU, so a storm (a futex storm, a syscall loop, a thread sleeping 100 us at a time) cannot
 * flood the ring buffer and the consumer. A record over budget is not sent and is counted as
 * throttled; the program still adds the event to its in-kernel histograms, so totals stay exact.
 *
 * Fixed windows of 2^HS_BUDGET_WINDOW_SHIFT ns (~134 ms) rather than a per-CPU token bucket: one
 * shared quota means a storm on one CPU gets the whole budget, not budget / CPUs. The window check
 * reads a shared cache line; only a record that is sent writes it (one atomic add), and such a
 * record also takes the ring buffer's lock, so the budget adds no contention of its own. Races
 * are bounded: two CPUs may both pass at quota - 1, and a reset may race an add, so a window can
 * overshoot by at most two records per CPU.
 */
#ifndef HOTSCOPE_BUDGET_H
#define HOTSCOPE_BUDGET_H

/* 2^27 ns = 134.2 ms; user space converts events per second into records per window. */
#define HS_BUDGET_WINDOW_SHIFT 27

/* One budget's current window, in an ARRAY map (one entry per budget of the program). Padded to a
 * cache line so two budgets never share one. */
struct hs_budget_window {
    __u64 window;   /* bpf_ktime_get_ns() >> HS_BUDGET_WINDOW_SHIFT of the window counted in `spent` */
    __u64 spent;    /* records sent in that window */
    __u64 pad[6];
};

_Static_assert(sizeof(struct hs_budget_window) == 64, "budget window layout");

/* Declares the ARRAY map a program's budgets live in. */
#define HS_BUDGET_MAP(name, budgets)                      \
    struct {                                              \
        __uint(type, BPF_MAP_TYPE_ARRAY);                 \
        __uint(max_entries, budgets);                     \
        __type(key, __u32);                               \
        __type(value, struct hs_budget_window);           \
    } name SEC(".maps")

/* The budget's window entry, switched to the current window if it holds an older one. */
static __always_inline struct hs_budget_window *hs_budget_window_now(void *map, __u32 which)
{
    struct hs_budget_window *w = bpf_map_lookup_elem(map, &which);
    if (!w)
        return 0;
    __u64 now = bpf_ktime_get_ns() >> HS_BUDGET_WINDOW_SHIFT;
    if (w->window != now) {
        w->window = now;
        w->spent = 0;
    }
    return w;
}

/*
 * Whether one more record may be sent now under a budget of per_window records per window
 * (0: unlimited); takes it if so. A refusal is the caller's to count as throttled.
 */
static __always_inline bool hs_budget_take(void *map, __u32 which, __u64 per_window)
{
    if (per_window == 0)
        return true;
    struct hs_budget_window *w = hs_budget_window_now(map, which);
    if (!w)
        return true;   /* cannot happen with an ARRAY map; never lose a record over it */
    if (w->spent >= per_window)
        return false;
    __sync_fetch_and_add(&w->spent, 1);
    return true;
}

/*
 * Whether the budget is used up for the current window, without taking anything: lets a program
 * skip costly work (a stack capture) for a record that would most likely be throttled.
 */
static __always_inline bool hs_budget_spent(void *map, __u32 which, __u64 per_window)
{
    if (per_window == 0)
        return false;
    struct hs_budget_window *w = hs_budget_window_now(map, which);
    return w && w->spent >= per_window;
}

#endif
