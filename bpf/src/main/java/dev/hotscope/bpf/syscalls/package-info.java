/**
 * Syscall latency per Java thread: the loader side of {@code syscalls.bpf.c}, its records, and
 * x86-64 system call names.
 */
package dev.hotscope.bpf.syscalls;
