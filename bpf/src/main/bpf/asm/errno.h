/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * <bpf/usdt.bpf.h> includes <linux/errno.h>, which includes <asm/errno.h>: on Debian that lives in
 * the multiarch directory, which `clang -target bpf` does not search. x86's asm/errno.h is exactly
 * this line, so this stand-in (found first through build.sh's -I) keeps the build host-independent.
 */
#include <asm-generic/errno.h>
