/**
 * Thread identity for traced processes: which OS thread id is which Java thread.
 *
 * <p>{@link dev.hotscope.bpf.threads.ThreadDirectory} maps the tids that BPF programs report to
 * {@link dev.hotscope.bpf.threads.ThreadInfo}: the Java thread's name, id and daemon flag from the
 * JVM's own thread dump ({@code Thread.print}, through {@code jcmd} or, for the current JVM, the
 * DiagnosticCommand MBean), and for JVM-internal threads and non-Java processes the kernel's
 * {@code /proc/PID/task/TID/comm}. {@link dev.hotscope.bpf.threads.DiagnosticCommands} runs such
 * diagnostic commands and is shared with the symbolizer.
 */
package dev.hotscope.bpf.threads;
