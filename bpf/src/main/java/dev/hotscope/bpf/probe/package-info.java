/**
 * Ad-hoc probes on one generic, precompiled BPF program ({@code probe.bpf.c}, configured at load
 * time): USDT probes, uprobes (with their returns) and tracepoints, as single hits or as start/end
 * pairs per thread with a duration, filtered in the kernel by process, thread, arguments and
 * duration. {@link dev.hotscope.bpf.probe.ProbeSpec} says what to trace,
 * {@link dev.hotscope.bpf.probe.ProbeTracer} traces it, {@link dev.hotscope.bpf.probe.ProbeCatalog}
 * lists what can be traced and suggests names for a misspelt one.
 */
package dev.hotscope.bpf.probe;
