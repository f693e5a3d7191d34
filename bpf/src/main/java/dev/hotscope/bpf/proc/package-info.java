/**
 * Readers of {@code /proc} shared by {@link dev.hotscope.bpf.symbols} and
 * {@link dev.hotscope.bpf.unwind}: a process's mappings, a per-file cache of what is parsed from
 * mapped files, and the file-offset-to-address translation of ELF load segments. Public only so
 * both packages can use it; not API.
 */
package dev.hotscope.bpf.proc;
