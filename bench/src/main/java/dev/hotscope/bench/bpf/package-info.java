/**
 * JMH benchmarks of the BPF engine: ring-buffer fill and drain, the symbolizer, and what the
 * syscall tracer adds to every system call, measured side by side with the untraced case.
 * How to run them and the figures: docs/benchmarks-bpf.md.
 */
package dev.hotscope.bench.bpf;
