/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Layout shared by probe.bpf.c and its Java loader and reader (dev.hotscope.bpf.probe): the
 * config is written and the records are read byte by byte in Java, so change both together; the
 * static asserts pin the sizes and offsets Java uses.
 */
#ifndef HOTSCOPE_PROBE_H
#define HOTSCOPE_PROBE_H

#define HS_PROBE_ARGS 6
#define HS_PROBE_FILTERS 4
#define HS_PROBE_MAX_TIDS 1024        /* kernel-side thread filter capacity */
#define HS_PROBE_MAX_STARTS 16384     /* threads with a start waiting for its end; the loader may change it */
#define HS_PROBE_USER_FRAMES 64
#define HS_PROBE_KERNEL_FRAMES 16

enum hs_probe_counter {
    HS_PROBE_HITS = 0,       /* starts (or point events) in the selected process and threads */
    HS_PROBE_EMITTED = 1,    /* records put in the ring buffer */
    HS_PROBE_DROPPED = 2,    /* records the ring buffer had no room for */
    HS_PROBE_FILTERED = 3,   /* hits an argument filter or the minimum duration removed */
    HS_PROBE_UNPAIRED = 4,   /* starts overwritten before their end, or not stored (start table full) */
    HS_PROBE_THROTTLED = 5,  /* hits over the event budget (budget.h), not sent */
    HS_PROBE_COUNTERS = 6,
};

enum hs_probe_op {
    HS_PROBE_OP_EQ = 0,
    HS_PROBE_OP_NE = 1,
    HS_PROBE_OP_LT = 2,
    HS_PROBE_OP_LE = 3,
    HS_PROBE_OP_GT = 4,
    HS_PROBE_OP_GE = 5,
};

/* Where a tracepoint program finds its values: fields of the trace record, by offset. */
struct hs_probe_fields {
    __u32 count;
    __u32 reserved;
    __u16 offset[HS_PROBE_ARGS];
    __u8 size[HS_PROBE_ARGS];       /* 1, 2, 4 or 8 */
    __u8 is_signed[HS_PROBE_ARGS];
};

struct hs_probe_filter {
    __u32 index;      /* argument 0..5 */
    __u32 op;         /* enum hs_probe_op, signed comparison */
    __s64 value;
};

/* .rodata, set by the loader before load. */
struct hs_probe_config {
    __u32 tgid;               /* the traced process, 0 for every process */
    __u32 use_tids;           /* only threads in the tids map */
    __u32 paired;             /* 0: every start is a hit; 1: a hit spans a start and the thread's next end */
    __u32 stacks;             /* bit 0 user stack, bit 1 kernel stack */
    __u64 min_duration_ns;    /* paired only */
    __u32 filter_count;
    __u32 end_ret_from_rc;    /* the end is a uretprobe: ret is the return value */
    struct hs_probe_filter filters[HS_PROBE_FILTERS];
    struct hs_probe_fields start_fields;   /* tracepoint start: its args */
    struct hs_probe_fields end_fields;     /* tracepoint end: field 0 is ret */
    __u64 budget;             /* records sent per budget window (budget.h) at most; 0 unlimited */
};

#define HS_PROBE_HIT_STACKS 1

/* One hit: a point event, or a start paired with its end. */
struct hs_probe_hit {
    __u32 pid;
    __u32 tid;
    __u32 cpu;
    __u32 flags;              /* HS_PROBE_HIT_STACKS: the stacks below follow */
    char comm[16];
    __u64 start_ns;           /* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
    __u64 duration_ns;        /* 0 for point events */
    __s64 args[HS_PROBE_ARGS];
    __s64 ret;                /* the end's first value (return value, ret field, arg0); 0 for point events */
    __s32 user_bytes;         /* bpf_get_stack's result: bytes of user frames, or a negative errno */
    __s32 kernel_bytes;
};

struct hs_probe_hit_stacks {
    struct hs_probe_hit hit;
    __u64 user[HS_PROBE_USER_FRAMES];
    __u64 kernel[HS_PROBE_KERNEL_FRAMES];
};

/* A start waiting for its end, by tid. */
struct hs_probe_start {
    __u64 start_ns;
    __s64 args[HS_PROBE_ARGS];
};

_Static_assert(sizeof(struct hs_probe_fields) == 32, "fields layout");
_Static_assert(sizeof(struct hs_probe_config) == 32 + 16 * HS_PROBE_FILTERS + 64 + 8, "config layout");
_Static_assert(__builtin_offsetof(struct hs_probe_config, start_fields) == 96, "config fields offset");
_Static_assert(sizeof(struct hs_probe_hit) == 112, "hit layout");
_Static_assert(sizeof(struct hs_probe_hit_stacks) == 112 + 8 * (HS_PROBE_USER_FRAMES + HS_PROBE_KERNEL_FRAMES), "stacks layout");

#endif
