/**
 * The HTTP service whose throughput and latency the overhead bench measures under each agent or
 * profiler: embedded Jetty 12 with three endpoints doing real work, {@code /io} (write, read back
 * and now and then fsync a small file), {@code /lock} (short critical sections on a shared monitor
 * and a {@code ReentrantLock}) and {@code /alloc} (a few hundred KiB allocated and summed). Every
 * request goes through {@link dev.hotscope.bench.service.Endpoints#serve}, the method the
 * "hotscope + method probe" configuration probes. Built alone into
 * {@code bench/target/overhead-service.jar}; see docs/PERFORMANCE.md.
 */
package dev.hotscope.bench.service;
