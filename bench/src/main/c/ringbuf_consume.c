/*
 * ringbuf_consume: libbpf's own ring buffer consumer, as a shared library the JMH ring buffer
 * benchmark (dev.hotscope.bench.bpf.RingBufferDrainBenchmark) calls once per drain, so the C
 * consumer drains the very ring, on the same thread and CPU, that the Java consumer drains in
 * the other rounds.
 *
 * The callback does what the Java decoders do with each record: copies its two u64 fields and its
 * length into a struct (the C "object"), publishes it, checks the sequence and adds to a sum.
 *
 * Build: gcc -O2 -shared -fPIC -o libhsringbench.so ringbuf_consume.c -lbpf
 *
 *   void *hs_ring_open(int map_fd)      ring_buffer__new on the map; NULL (errno set) on failure
 *   long  hs_ring_consume(void *ring)   ring_buffer__consume: the records handled, or -errno
 *   long  hs_ring_poll(void *ring, int timeout_ms)   ring_buffer__poll (epoll, then consume)
 *   long  hs_ring_seq_errors(void *ring)  records whose seq was not the previous one + 1
 *   long  hs_ring_sum(void *ring)       sum of the seq fields seen (keeps the work observable)
 *   void  hs_ring_close(void *ring)
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct sample {          /* the decoded record */
    uint64_t seq;
    uint64_t index;
    uint32_t length;
};

struct hs_ring {
    struct ring_buffer *rb;
    uint64_t next_seq;
    int64_t seq_errors;
    int64_t sum;
    struct sample last;  /* published like the Java side's last decoded object */
};

static int on_record(void *ctx, void *data, size_t size)
{
    struct hs_ring *r = ctx;
    struct sample s;
    if (size < 16)
        return 0;
    memcpy(&s.seq, data, 8);
    memcpy(&s.index, (char *)data + 8, 8);
    s.length = (uint32_t)size;
    if (s.seq != r->next_seq && r->next_seq != 0)
        r->seq_errors++;
    r->next_seq = s.seq + 1;
    r->sum += (int64_t)s.seq;
    r->last = s;
    return 0;
}

void *hs_ring_open(int map_fd)
{
    struct hs_ring *r = calloc(1, sizeof(*r));
    if (!r) {
        errno = ENOMEM;
        return NULL;
    }
    r->rb = ring_buffer__new(map_fd, on_record, r, NULL);
    if (!r->rb) {
        int e = errno;
        free(r);
        errno = e;
        return NULL;
    }
    return r;
}

long hs_ring_consume(void *ring)
{
    struct hs_ring *r = ring;
    int n = ring_buffer__consume(r->rb);
    return n;
}

long hs_ring_poll(void *ring, int timeout_ms)
{
    struct hs_ring *r = ring;
    return ring_buffer__poll(r->rb, timeout_ms);
}

long hs_ring_seq_errors(void *ring)
{
    return ((struct hs_ring *)ring)->seq_errors;
}

long hs_ring_sum(void *ring)
{
    return ((struct hs_ring *)ring)->sum;
}

void hs_ring_close(void *ring)
{
    struct hs_ring *r = ring;
    if (!r)
        return;
    ring_buffer__free(r->rb);
    free(r);
}
