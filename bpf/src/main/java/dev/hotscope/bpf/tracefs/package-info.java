/**
 * The kernel's trace events as tracefs describes them: which tracepoints exist
 * ({@code available_events}) and the layout of each one's record ({@code events/C/E/format}), so a
 * generic BPF program can read a tracepoint's fields by offset.
 */
package dev.hotscope.bpf.tracefs;
