/*
 * site_layouts: what the bytes around a uprobe'd instruction cost.
 *
 * Every layout is a loop written in assembly, so the only difference
 * between two layouts is the probe site (and what runs right after it).
 * Each loop and its site function share one 4 KiB page of their own
 * unless the layout says "far". A probe address is the global symbol
 * p_<layout>, so a tracer attaches with
 *     bpftrace -e 'uprobe:BIN:p_hs1 { @n = count(); }'
 * The sys-* layouts have no probe: a getppid syscall instead, the kernel
 * round trip without uprobes, as a reference (and as machine weather).
 *
 * Build: gcc -O2 -o site_layouts site_layouts.c   (x86-64 only)
 * Usage: site_layouts [-n ITERS]   then commands on stdin, one a line:
 *   t TAG   tag the following rounds (e.g. the tracer program in use)
 *   r K     K rotations: every layout once per rotation, starting one
 *           later each time; prints "round TAG LAYOUT ITERS NS_PER_OP"
 *   o L K   K rounds of layout L only (e.g. to profile it)
 *   b       print the first 8 bytes at each probe address (shows int3 or
 *           the kernel's call into [uprobes-trampoline])
 *   c       print "fires LAYOUT N" for every probed layout
 *   q       quit
 * Each command's output ends with "done". Driven by bench/site-layouts.sh.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

#if !defined(__x86_64__)
#error "site_layouts is x86-64 only"
#endif

/* Pages only ever touched right after a trap, to price a TLB refill. */
__attribute__((aligned(4096))) volatile char farpg[8 * 4096];

#define NOP5 ".byte 0x0f,0x1f,0x44,0x00,0x00\n"
#define PROBE(n) ".globl p_" #n "\n.type p_" #n ",@function\n.size p_" #n ",1\np_" #n ":\n"
/* Loop head: %rdi iterations of BODY, each layout on a fresh page. */
#define LOOP(n, body)                                   \
    ".text\n.p2align 12\n"                              \
    ".globl loop_" #n "\n.type loop_" #n ",@function\n" \
    "loop_" #n ":\n"                                    \
    "  test %rdi,%rdi\n  jle 9f\n"                      \
    "  .p2align 4\n"                                    \
    "1:\n" body                                         \
    ".Lb_" #n ":\n"                                     \
    "  dec %rdi\n  jnz 1b\n"                            \
    "9: ret\n"                                          \
    "  .p2align 4\n"
/* A called site: the loop does "call s_N", the site follows the loop. */
#define CALLED(n, site) LOOP(n, "  call s_" #n "\n") "s_" #n ":\n" site

__asm__(
    /* probe inline in the loop: int3 on a 1-byte nop / the 5-byte nop */
    LOOP(inl1, PROBE(inl1) "  nop\n")
    LOOP(inl5, PROBE(inl5) NOP5)
    /* probe inline, then touch the stack / 1 / 4 otherwise unused pages */
    LOOP(inl1_stk, PROBE(inl1_stk) "  nop\n  mov (%rsp),%rax\n")
    LOOP(inl1_far1, PROBE(inl1_far1) "  nop\n  mov farpg(%rip),%al\n")
    LOOP(inl1_far4, PROBE(inl1_far4) "  nop\n  mov farpg(%rip),%al\n  mov farpg+4096(%rip),%al\n"
                                     "  mov farpg+8192(%rip),%al\n  mov farpg+12288(%rip),%al\n")
    /* ... or read the stack other ways: pop, another offset, a non-%rsp base, a store */
    LOOP(inl1_pop, PROBE(inl1_pop) "  nop\n  pop %rax\n  push %rax\n")
    LOOP(inl1_stk8, PROBE(inl1_stk8) "  nop\n  mov 8(%rsp),%rax\n")
    LOOP(inl1_viarcx, "  mov %rsp,%rcx\n" PROBE(inl1_viarcx) "  nop\n  mov (%rcx),%rax\n")
    LOOP(inl1_stkst, PROBE(inl1_stkst) "  nop\n  mov %rax,-64(%rsp)\n")
    /* ... or reload a global stored just before the trap */
    LOOP(inl1_stfwd, "  mov %rdi,farpg+32760(%rip)\n" PROBE(inl1_stfwd) "  nop\n  mov farpg+32760(%rip),%rax\n")
    /* probe in a called function */
    CALLED(ret1, PROBE(ret1) "  nop\n  ret\n")
    CALLED(hs1, PROBE(hs1) "  nop\n" NOP5 "  ret\n")            /* hotscope NOP1 */
    CALLED(hs5, "  nop\n" PROBE(hs5) NOP5 "  ret\n")            /* hotscope NOP5 */
    CALLED(ret5, PROBE(ret5) NOP5 "  ret\n")
    CALLED(hs1pad, PROBE(hs1pad) "  nop\n" NOP5 "  nop\n  ret\n")
    CALLED(alu4, PROBE(alu4) "  nop\n  add $1,%rax\n  xor %ecx,%ecx\n  add %rax,%rdx\n  inc %rsi\n  ret\n")
    CALLED(alu32, PROBE(alu32) "  nop\n  .rept 8\n  add $1,%rax\n  xor %ecx,%ecx\n  add %rax,%rdx\n  inc %rsi\n  .endr\n  ret\n")
    CALLED(push, PROBE(push) "  push %rbp\n  mov %rsp,%rbp\n  pop %rbp\n  ret\n") /* function entry */
    /* entered by call, left by jmp (no ret executed) */
    CALLED(callnoret, PROBE(callnoret) "  nop\n  add $8,%rsp\n  jmp .Lb_callnoret\n")
    /* entered by jmp, left by jmp: no call, no ret */
    LOOP(jmpjmp, "  jmp s_jmpjmp\n") "s_jmpjmp:\n" PROBE(jmpjmp) "  nop\n  jmp .Lb_jmpjmp\n"
    /* entered by jmp with a pushed return address, left by ret (mispredicted even untraced) */
    LOOP(jmpret, "  lea .Lb_jmpret(%rip),%rax\n  push %rax\n  jmp s_jmpret\n")
        "s_jmpret:\n" PROBE(jmpret) "  nop\n  ret\n"
    /* entered by call, left by pop + indirect jmp: no ret, so no return-stack prediction */
    CALLED(popjmp, PROBE(popjmp) "  nop\n  pop %rcx\n  jmp *%rcx\n")
    /* two returns after the trap: the site returns to a function that returns to the loop */
    CALLED(ret2, "  call t_ret2\n  ret\n  .p2align 4\nt_ret2:\n" PROBE(ret2) "  nop\n  ret\n")
    /* the site left by pop + jmp, but its caller returns: is it the first ret anywhere? */
    CALLED(popjmp_ret, "  call t_popjmp_ret\n  ret\n  .p2align 4\nt_popjmp_ret:\n" PROBE(popjmp_ret)
                       "  nop\n  pop %rcx\n  jmp *%rcx\n")
    /* a call right after the trap puts one user address on the return stack before the ret */
    CALLED(callfix, PROBE(callfix) "  nop\n  call 2f\n2:\n  lea 8(%rsp),%rsp\n  ret\n")
    CALLED(callfix_ret, "  call t_callfix_ret\n  ret\n  .p2align 4\nt_callfix_ret:\n" PROBE(callfix_ret)
                        "  nop\n  call 2f\n2:\n  lea 8(%rsp),%rsp\n  ret\n")
    CALLED(callfix5, "  nop\n" PROBE(callfix5) NOP5 "  call 2f\n2:\n  lea 8(%rsp),%rsp\n  ret\n")
    /* a correctly predicted ret after the trap (its call is after the trap too), left by jmp */
    LOOP(goodret, "  jmp s_goodret\n") "s_goodret:\n" PROBE(goodret) "  nop\n  call 2f\n  jmp .Lb_goodret\n2:\n  ret\n"
    /* a correctly predicted call/ret pair first, then the site's own (mispredicted) ret */
    CALLED(goodfix, PROBE(goodfix) "  nop\n  call 2f\n  ret\n2:\n  ret\n")
    CALLED(goodfix_ret, "  call t_goodfix_ret\n  ret\n  .p2align 4\nt_goodfix_ret:\n" PROBE(goodfix_ret)
                        "  nop\n  call 2f\n  ret\n2:\n  ret\n")
    /* a syscall between hits: which kernel entry pays for the ret? */
    LOOP(inl1_sys, PROBE(inl1_sys) "  nop\n  mov $110,%eax\n  syscall\n")
    LOOP(ret1_sys, "  call s_ret1_sys\n  mov $110,%eax\n  syscall\n") "s_ret1_sys:\n" PROBE(ret1_sys) "  nop\n  ret\n"
    /* no ret, but a mispredicted indirect jmp: the site jumps to one of two targets, by a xorshift bit */
    LOOP(indmis, "  or $1,%r8\n  mov %r8,%rax\n  shl $13,%rax\n  xor %rax,%r8\n  mov %r8,%rax\n  shr $7,%rax\n"
                 "  xor %rax,%r8\n  mov %r8,%rax\n  shl $17,%rax\n  xor %rax,%r8\n"
                 "  lea .Lb_indmis(%rip),%rax\n  lea 3f(%rip),%rcx\n  test $32,%r8b\n  cmovnz %rcx,%rax\n"
                 "  jmp s_indmis\n3:\n  nop\n")
        "s_indmis:\n" PROBE(indmis) "  nop\n  jmp *%rax\n"
    /* time instead of distance: spin ~1000 cycles after the trap, then ret (or not) */
    CALLED(spin_ret, PROBE(spin_ret) "  nop\n  mov $1000,%ecx\n2:\n  dec %ecx\n  jnz 2b\n  ret\n")
    LOOP(spin_inl, PROBE(spin_inl) "  nop\n  mov $1000,%ecx\n2:\n  dec %ecx\n  jnz 2b\n")
    /* the hotscope layout on another code page than its caller (like a dlopened site) */
    LOOP(farhs1, "  call s_farhs1\n") ".p2align 12\ns_farhs1:\n" PROBE(farhs1) "  nop\n" NOP5 "  ret\n"
    /* no uprobe: a syscall inline, in a function followed by ret, and followed by 4 far pages */
    LOOP(sys_inl, "  mov $110,%eax\n  syscall\n")
    CALLED(sys_ret, "  mov $110,%eax\n  syscall\n  ret\n")
    CALLED(sys_popjmp, "  mov $110,%eax\n  syscall\n  pop %rcx\n  jmp *%rcx\n")
    CALLED(sys_ret2, "  call t_sys_ret2\n  ret\n  .p2align 4\nt_sys_ret2:\n  mov $110,%eax\n  syscall\n  ret\n")
    LOOP(sys_stk, "  mov $110,%eax\n  syscall\n  mov (%rsp),%rax\n")
    LOOP(sys_far4, "  mov $110,%eax\n  syscall\n  mov farpg+16384(%rip),%al\n  mov farpg+20480(%rip),%al\n"
                   "  mov farpg+24576(%rip),%al\n  mov farpg+28672(%rip),%al\n")
    ".text\n");

#define PROBED(X)                                                        \
    X(inl1) X(inl5) X(inl1_stk) X(inl1_far1) X(inl1_far4) X(inl1_pop)    \
    X(inl1_stk8) X(inl1_viarcx) X(inl1_stkst) X(inl1_stfwd) X(ret1) X(hs1)\
    X(hs5) X(ret5) X(hs1pad) X(alu4) X(alu32) X(push) X(callnoret)      \
    X(jmpjmp) X(jmpret) X(popjmp) X(ret2) X(popjmp_ret) X(callfix)      \
    X(callfix_ret) X(callfix5) X(goodret) X(goodfix) X(goodfix_ret) \
    X(inl1_sys) X(ret1_sys) X(indmis) X(spin_ret) X(spin_inl) X(farhs1)
#define UNPROBED(X) X(sys_inl) X(sys_ret) X(sys_popjmp) X(sys_ret2) X(sys_stk) X(sys_far4)

#define DECL(n) void loop_##n(long); extern const unsigned char p_##n[];
#define DECL0(n) void loop_##n(long);
PROBED(DECL)
UNPROBED(DECL0)
#undef DECL
#undef DECL0

struct layout {
    const char *name;
    void (*loop)(long);
    const unsigned char *probe; /* NULL for the syscall references */
    unsigned long long fires;
};
#define ENTRY(n) {#n, loop_##n, p_##n, 0},
#define ENTRY0(n) {#n, loop_##n, NULL, 0},
static struct layout layouts[] = {PROBED(ENTRY) UNPROBED(ENTRY0)};
#undef ENTRY
#undef ENTRY0
#define NLAYOUTS ((int)(sizeof layouts / sizeof layouts[0]))

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
    long iters = 100000;
    int c, start = 0;
    char tag[32] = "-", line[128];
    while ((c = getopt(argc, argv, "n:")) != -1) {
        if (c == 'n') iters = atol(optarg);
        else { fprintf(stderr, "usage: %s [-n ITERS]\n", argv[0]); return 64; }
    }
    if (iters <= 0) { fprintf(stderr, "site_layouts: -n must be positive\n"); return 64; }
    printf("pid %d\nlayouts", (int)getpid());
    for (int j = 0; j < NLAYOUTS; j++) printf(" %s", layouts[j].name);
    printf("\n");
    fflush(stdout);
    while (fgets(line, sizeof line, stdin) && line[0] != 'q') {
        if (line[0] == 't') {
            sscanf(line + 1, "%31s", tag);
        } else if (line[0] == 'r') {
            int k = atoi(line + 1);
            for (int r = 0; r < k; r++, start++) {
                for (int j = 0; j < NLAYOUTS; j++) {
                    struct layout *l = &layouts[(start + j) % NLAYOUTS];
                    struct rusage u0, u1;
                    getrusage(RUSAGE_SELF, &u0);
                    double t0 = now_ns();
                    l->loop(iters);
                    double t1 = now_ns();
                    getrusage(RUSAGE_SELF, &u1);
                    if (l->probe) l->fires += iters;
                    /* user and system ns per op and page faults, as the kernel accounts them */
                    double us = ((u1.ru_utime.tv_sec - u0.ru_utime.tv_sec) * 1e9 + (u1.ru_utime.tv_usec - u0.ru_utime.tv_usec) * 1e3) / iters;
                    double sy = ((u1.ru_stime.tv_sec - u0.ru_stime.tv_sec) * 1e9 + (u1.ru_stime.tv_usec - u0.ru_stime.tv_usec) * 1e3) / iters;
                    printf("round %s %s %ld %.3f user %.1f sys %.1f minflt %ld\n", tag, l->name, iters,
                           (t1 - t0) / iters, us, sy, u1.ru_minflt - u0.ru_minflt);
                }
            }
        } else if (line[0] == 'o') {
            char name[32];
            int k = 0;
            if (sscanf(line + 1, "%31s %d", name, &k) == 2)
                for (int j = 0; j < NLAYOUTS; j++)
                    if (strcmp(layouts[j].name, name) == 0)
                        for (int r = 0; r < k; r++) {
                            double t0 = now_ns();
                            layouts[j].loop(iters);
                            double t1 = now_ns();
                            if (layouts[j].probe) layouts[j].fires += iters;
                            printf("round %s %s %ld %.3f\n", tag, name, iters, (t1 - t0) / iters);
                        }
        } else if (line[0] == 'b') {
            for (int j = 0; j < NLAYOUTS; j++) {
                if (!layouts[j].probe) continue;
                printf("bytes %s", layouts[j].name);
                for (int i = 0; i < 8; i++) printf(" %02x", layouts[j].probe[i]);
                printf("\n");
            }
        } else if (line[0] == 'c') {
            for (int j = 0; j < NLAYOUTS; j++)
                if (layouts[j].probe) printf("fires %s %llu\n", layouts[j].name, layouts[j].fires);
        }
        printf("done\n");
        fflush(stdout);
    }
    return 0;
}
