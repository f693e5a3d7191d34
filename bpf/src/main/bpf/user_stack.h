/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A copy of the current thread's user registers and the top of its user stack, for DWARF (CFI)
 * unwinding in user space (dev.hotscope.bpf.unwind). bpf_get_stack(BPF_F_USER_STACK) walks frame
 * pointers and stops at the first libc or libjvm frame built without them; copying the stack lets
 * Java unwind through those frames with .eh_frame, as `perf record --call-graph dwarf` does.
 *
 * Include after hotscope.bpf.h. Needs bpf_get_current_task_btf(), bpf_task_pt_regs() (5.15) and
 * bpf_find_vma() (5.17), usable from tracepoint, raw tracepoint, kprobe and perf_event programs.
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
    __s32 err;            /* 0, or the negative errno of the first read, which failed (later ones may not have) */
    __u8 data[HS_USER_STACK_BYTES];
};

_Static_assert(sizeof(struct hs_user_stack) == 32 + HS_USER_STACK_BYTES, "user stack layout");

struct vm_area_struct;

struct vm_area_struct___hs {
    unsigned long vm_start;
    unsigned long vm_end;
} __attribute__((preserve_access_index));

/* bpf_find_vma() callback: the end of the mapping holding the stack pointer. */
static long hs_stack_vma_end(struct task_struct *task, struct vm_area_struct *vma, void *ctx)
{
    *(__u64 *)ctx = BPF_CORE_READ((struct vm_area_struct___hs *)vma, vm_end);
    return 0;
}

/* One read of size bytes (bounded here for the verifier) from sp; 0 or a negative errno. */
static __always_inline long hs_read_stack(struct hs_user_stack *out, __u32 size, __u64 sp)
{
    if (size == 0 || size > HS_USER_STACK_BYTES)
        return -22;
    long err = bpf_probe_read_user(out->data, size & (2 * HS_USER_STACK_BYTES - 1), (const void *)sp);
    if (err == 0)
        out->size = size;
    return err;
}

/*
 * Fills out with the current thread's user registers and up to HS_USER_STACK_BYTES of its stack
 * from rsp: as much as there is up to the end of the stack's mapping (bpf_find_vma), so the read
 * does not fault. If the mapping cannot be looked up (mmap lock contended) or the read fails
 * anyway (a page swapped out), it retries with sizes ending on page boundaries: the rest of rsp's
 * page plus 3, 2, 1, 0 whole pages (for 16 KiB).
 *
 * Returns the bytes copied (also out->size); 0 with out->err set if none could be read.
 * find_vma false skips the lookup, so the retries run (for tests).
 */
static __always_inline __u32 hs_copy_user_stack_how(struct hs_user_stack *out, bool find_vma)
{
    struct task_struct *task = bpf_get_current_task_btf();
    struct pt_regs___hs *regs = (struct pt_regs___hs *)bpf_task_pt_regs(task);
    __u64 sp = BPF_CORE_READ(regs, sp);
    out->ip = BPF_CORE_READ(regs, ip);
    out->sp = sp;
    out->bp = BPF_CORE_READ(regs, bp);
    out->size = 0;
    out->err = 0;

    __u64 end = 0;
    __u32 size = HS_USER_STACK_BYTES;
    if (find_vma && bpf_find_vma(task, sp, hs_stack_vma_end, &end, 0) == 0 && end > sp
        && end - sp < HS_USER_STACK_BYTES)
        size = (__u32)(end - sp);
    long err = hs_read_stack(out, size, sp);
    if (err == 0)
        return size;
    out->err = (__s32)err;

    __u32 head = HS_PAGE_SIZE - (__u32)(sp & (HS_PAGE_SIZE - 1)); /* 1..4096: rest of sp's page */
#pragma unroll
    for (int pages = HS_USER_STACK_BYTES / HS_PAGE_SIZE - 1; pages >= 0; pages--) {
        __u32 retry = head + (__u32)pages * HS_PAGE_SIZE;
        if (retry < size && hs_read_stack(out, retry, sp) == 0)
            return retry;
    }
    return 0;
}

/* hs_copy_user_stack_how() with the mapping lookup: what programs should call. */
static __always_inline __u32 hs_copy_user_stack(struct hs_user_stack *out)
{
    return hs_copy_user_stack_how(out, true);
}

#endif
