/**
 * JMH benchmarks of dynamic USDT probes: a disabled probe's cost, and an enabled one's with
 * bpftrace attached and counting. How to run them and the figures: docs/benchmarks-usdt.md.
 */
package dev.hotscope.bench.usdt;
