/*
 * sdt_loop: the C reference point for the hotscope USDT benchmarks.
 *
 * Fires a classic <sys/sdt.h> probe bench_c:tick(i, str), guarded by its
 * semaphore exactly like a dtrace -G / stap-generated header would, in a
 * tight loop timed with CLOCK_MONOTONIC. It is meant to run with a tracer
 * attached (bpftrace -p PID -e 'usdt:BIN:bench_c:tick { @n = count(); }'),
 * so the number it prints is the cost of one *enabled* native probe: the
 * kernel uprobe round trip that the Java probes are compared against.
 *
 * Build: gcc -O2 -o sdt_loop sdt_loop.c
 * Variants, to tell what the kernel does apart from what the JVM adds:
 *   -DSDT_LOOP_NOP5  a five-byte nop at the site instead of sdt.h's one-byte
 *                    nop: the native twin of hotscope's ProbeSite.NOP5, which
 *                    kernels with optimized uprobes turn into a call.
 *   -DSDT_LOOP_CALL  the probe in a function of its own reached by a call,
 *                    "nop; ret", the layout of hotscope's generated sites.
 *
 * Usage: sdt_loop [-n ITERS] [-w WAIT_S] [-r ROUNDS]
 *   Prints "pid PID" at once, then waits (at most WAIT_S, default 30 s) for
 *   the semaphore to turn non-zero, i.e. for a tracer to attach.
 *   With -r it runs ROUNDS timed rounds and exits. Without -r it reads
 *   stdin: each line holds a number of rounds to run now, so a driver
 *   script can interleave C rounds with other work while one tracer stays
 *   attached; a line "q", or EOF, ends it. ("q" because a driver's other
 *   children may inherit the pipe's write end, and then EOF never comes.)
 *   Each round prints "round K ITERS ns/op X"; a batch ends with "done";
 *   the exit prints "fires F" (every probe hit since start, for checking
 *   the tracer's count).
 */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

#ifdef SDT_LOOP_NOP5
/* sdt.h emits _SDT_NOP when STAP_PROBE expands, so redefining it here is
 * enough. Spelled as bytes: the text is pasted into a macro argument, where
 * the commas of "nopl 0x0(%rax,%rax,1)" would split it. */
#undef _SDT_NOP
#define _SDT_NOP .byte 0x0f; .byte 0x1f; .byte 0x44; .byte 0; .byte 0
#endif

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* The tracer increments this through /proc/PID/mem or the kernel's uprobe
 * ref_ctr_offset; .probes is where sdt.h tools look for it. */
unsigned short bench_c_tick_semaphore __attribute__((unused))
    __attribute__((section(".probes")));

/* Why volatile: sdt's asm has no memory clobber, so with a plain read gcc
 * may hoist the test out of the loop (unswitching). Reading it every time
 * is what real code does and what the Java isEnabled() does. */
#define BENCH_C_TICK_ENABLED() \
    __builtin_expect(*(volatile unsigned short *)&bench_c_tick_semaphore, 0)

static unsigned long long fires;

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

#ifdef SDT_LOOP_CALL
/* noinline so it stays a call: how a trapped site is left (ret right after
 * the trap's return) turns out to matter as much as the trap itself. */
static __attribute__((noinline)) void tick_site(long i, const char *str) {
    STAP_PROBE2(bench_c, tick, i, str);
}
#define TICK(i, str) tick_site(i, str)
#else
#define TICK(i, str) STAP_PROBE2(bench_c, tick, i, str)
#endif

/* noinline: one call per round keeps the loop body identical for every
 * round and easy to find in a disassembly. */
static __attribute__((noinline)) unsigned long long run(long iters) {
    static const char *str = "GET /";
    unsigned long long hit = 0;
    for (long i = 0; i < iters; i++) {
        if (BENCH_C_TICK_ENABLED()) {
            TICK(i, str);
            hit++;
        }
    }
    return hit;
}

static int round_no;

static void rounds(int n, long iters) {
    for (int r = 0; r < n; r++) {
        double t0 = now_ns();
        unsigned long long hit = run(iters);
        double t1 = now_ns();
        fires += hit;
        /* A round where the tracer went away is not a measurement of an
         * enabled probe; say so instead of printing a flattering number. */
        printf("round %d %ld ns/op %.3f%s\n", ++round_no, iters,
               (t1 - t0) / (double)iters,
               hit == (unsigned long long)iters ? "" : " DETACHED");
    }
    printf("done\n");
    fflush(stdout);
}

int main(int argc, char **argv) {
    long iters = 200000;
    int wait_s = 30, nrounds = -1, c;
    while ((c = getopt(argc, argv, "n:w:r:")) != -1) {
        switch (c) {
        case 'n': iters = atol(optarg); break;
        case 'w': wait_s = atoi(optarg); break;
        case 'r': nrounds = atoi(optarg); break;
        default:
            fprintf(stderr, "usage: %s [-n ITERS] [-w WAIT_S] [-r ROUNDS]\n", argv[0]);
            return 64;
        }
    }
    if (iters <= 0) {
        fprintf(stderr, "sdt_loop: -n must be positive\n");
        return 64;
    }
    printf("pid %d\n", (int)getpid());
    fflush(stdout);

    /* Bounded wait: a tracer that never attaches must not hang the run. */
    struct timespec ms = {0, 1000000};
    for (long waited = 0; !BENCH_C_TICK_ENABLED(); waited++) {
        if (waited >= (long)wait_s * 1000) {
            fprintf(stderr, "sdt_loop: no tracer attached to bench_c:tick within %d s\n", wait_s);
            return 2;
        }
        nanosleep(&ms, NULL);
    }
    printf("attached\n");
    fflush(stdout);

    if (nrounds >= 0) {
        rounds(nrounds, iters);
    } else {
        char line[64];
        while (fgets(line, sizeof line, stdin) && line[0] != 'q') {
            int n = atoi(line);
            if (n > 0) rounds(n, iters);
        }
    }
    printf("fires %llu\n", fires);
    return 0;
}
