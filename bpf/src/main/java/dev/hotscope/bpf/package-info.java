/**
 * The BPF engine: libbpf (the system's {@code libbpf.so.1}) driven from Java through jnr-ffi.
 *
 * <p>{@link dev.hotscope.bpf.BpfObject} opens, configures and loads a CO-RE object;
 * {@link dev.hotscope.bpf.BpfProgram} attaches its programs (tracepoints, raw tracepoints, uprobes,
 * USDT probes, perf events) as {@link dev.hotscope.bpf.BpfLink}s; {@link dev.hotscope.bpf.BpfMap}
 * reads and writes maps; {@link dev.hotscope.bpf.RingBuffer} consumes ring buffers in Java from the
 * mapped memory; {@link dev.hotscope.bpf.Capabilities} says what this process and kernel allow.
 * Failures are {@link dev.hotscope.bpf.BpfException}s carrying errno, with a subclass per kind.
 * Unless a method says otherwise, arguments must not be null.
 */
package dev.hotscope.bpf;
