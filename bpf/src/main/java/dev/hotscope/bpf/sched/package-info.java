/**
 * Scheduler latency per thread of one process: the loader side of {@code sched.bpf.c}. Why and
 * how long threads were off CPU (preempted, sleeping, blocked) with who woke them and their stacks,
 * how long they waited on a run queue for a CPU, per-thread totals and histograms, and the threads
 * off CPU right now.
 */
package dev.hotscope.bpf.sched;
