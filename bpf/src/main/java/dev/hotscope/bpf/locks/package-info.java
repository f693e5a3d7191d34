/**
 * Lock waits per Java thread: the loader side of {@code locks.bpf.c} ({@link LockTracer}), its
 * records (futex waits with waker, run-queue delay and user stack; contended monitor enters from
 * HotSpot's USDT probes), the waits in progress, and futex op names.
 */
package dev.hotscope.bpf.locks;
