/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Kernel types the test programs need on top of hotscope.bpf.h (CO-RE relocated). */
#ifndef HOTSCOPE_TEST_TYPES_H
#define HOTSCOPE_TEST_TYPES_H

#include "hotscope.bpf.h"

/* Tells bpf_tracing.h that pt_regs has the kernel field names (di, ip), as below. */
#define __VMLINUX_H__

/* x86-64 user registers, as uprobe and USDT programs see them. */
struct pt_regs {
    unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
    unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
} __attribute__((preserve_access_index));

#endif
