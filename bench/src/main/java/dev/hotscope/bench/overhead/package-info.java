/**
 * The overhead bench's runner: starts the service of {@code dev.hotscope.bench.service} in a fresh
 * JVM per run under each configuration (no agent, JFR, async-profiler, hotscope three ways), loads
 * it with wrk from another process on loopback, interleaves the configurations round by round,
 * and reports medians and spreads as ratios to the no-agent runs of the same rounds, with the
 * JVM's CPU time and RSS. {@code bench/run-overhead.sh} builds and calls it; docs/PERFORMANCE.md
 * says how to read the table.
 */
package dev.hotscope.bench.overhead;
