/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A copy of the current thread's user registers and the top of its user stack, for DWARF (CFI)
 * unwinding in user space (dev.hotscope.bpf.unwind). bpf_get_stack(BPF_F_USER_STACK) walks frame
 * pointers and stops at the first libc or libjvm frame built without them; copying the stack lets
 * Java unwind through those frames with .eh_frame, as `perf record --call-graph dwarf` does.
 *
 * Include after hotscope.bpf.h. Needs bpf_get_current_task_btf() and bpf_task_pt_regs() (5.15+),
 * usable from tracepoint, raw tracepoint, kprobe and perf_event programs.
 *
 * The record layout is read byte by byte in Java (dev.hotscope.bpf.unwind.UserStackSample):
 * change both together; the static assert pins the header size.
 */
#ifndef HOTSCOPE_USER_STACK_H
#define HOTSCOPE_USER_STACK_H

/* Bytes of stack copied from the user rsp: a power of 2, at most 32 KiB (BPF ring buffer records
 * may be larger, but per-CPU scratch and verifier limits are easier below that). */
#ifndef HS_USER_STACK_BYTES
#define HS_USER_STACK_BYTES 16384
#endif
#define HS_PAGE_SIZE 4096

/* x86-64 user registers as the kernel saves them on entry. The ___hs flavor keeps this definition
 * from clashing with another pt_regs in the same program; CO-RE matches it to `struct pt_regs`. */
struct pt_regs___hs {
    unsigned long bp;
    unsigned long ip;
    unsigned long sp;
} __attribute__((preserve_access_index));

struct hs_user_stack {
    __u64 ip;             /* user rip: the instruction after `syscall`, or where the thread was interrupted */
    __u64 sp;             /* user rsp: the address of data[0] */
    __u64 bp;             /* user rbp */
    __u32 size;           /* bytes of data copied from sp, 0 if none could be read */
    __s32 err;            /* 0, or the negative errno of the first (full-size) read that failed */
    __u8 data[HS_USER_STACK_BYTES];
};

_Static_assert(sizeof(struct hs_user_stack) == 32 + HS_USER_STACK_BYTES, "user stack layout");

/*
 * Fills out with the current thread's user registers and up to HS_USER_STACK_BYTES of its stack
 * from rsp. A full-size read fails when the stack ends (the mapping's top) less than that far
 * above rsp; since mappings end on page boundaries, the copy is then retried with the largest size
 * that ends on one: the rest of rsp's page plus 3, 2, 1 or 0 whole pages (for 16 KiB).
 *
 * Returns the bytes copied (also out->size); 0 with out->err set if none could be read.
 */
static __always_inline __u32 hs_copy_user_stack(struct hs_user_stack *out)
{
    struct task_struct *task = bpf_get_current_task_btf();
    struct pt_regs___hs *regs = (struct pt_regs___hs *)bpf_task_pt_regs(task);
    __u64 sp = BPF_CORE_READ(regs, sp);
    out->ip = BPF_CORE_READ(regs, ip);
    out->sp = sp;
    out->bp = BPF_CORE_READ(regs, bp);
    out->size = 0;
    long err = bpf_probe_read_user(out->data, HS_USER_STACK_BYTES, (const void *)sp);
    out->err = (__s32)err;
    if (err == 0) {
        out->size = HS_USER_STACK_BYTES;
        return HS_USER_STACK_BYTES;
    }
    __u32 head = HS_PAGE_SIZE - (__u32)(sp & (HS_PAGE_SIZE - 1)); /* 1..4096: rest of sp's page */
#pragma unroll
    for (int pages = HS_USER_STACK_BYTES / HS_PAGE_SIZE - 1; pages >= 0; pages--) {
        __u32 size = head + (__u32)pages * HS_PAGE_SIZE;
        if (size > HS_USER_STACK_BYTES)
            continue;
        /* Bound the size for the verifier: it is in [1, HS_USER_STACK_BYTES]. */
        size &= 2 * HS_USER_STACK_BYTES - 1;
        if (size == 0 || size > HS_USER_STACK_BYTES)
            continue;
        if (bpf_probe_read_user(out->data, size, (const void *)sp) == 0) {
            out->size = size;
            return size;
        }
    }
    return 0;
}

#endif
