/** Syscall latency tracing against forked JVMs, with real BPF. */
package dev.hotscope.tests.syscalls;
