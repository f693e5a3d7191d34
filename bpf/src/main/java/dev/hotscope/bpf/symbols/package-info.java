/**
 * Symbolization of user-space and kernel instruction addresses, such as BPF stack traces, into
 * {@link dev.hotscope.bpf.symbols.Frame}s: JIT-compiled and interpreted Java frames from the JVM's
 * perf map, native frames from the ELF symbol tables of mapped files (C++ names demangled by
 * {@link dev.hotscope.bpf.symbols.ItaniumDemangler}), kernel frames from {@code /proc/kallsyms}.
 * Start at {@link dev.hotscope.bpf.symbols.Symbolizer#forProcess(long)}.
 */
package dev.hotscope.bpf.symbols;
