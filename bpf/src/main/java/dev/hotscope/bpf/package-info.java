/**
 * The BPF engine over libbpf; filled in by issue 3.
 */
package dev.hotscope.bpf;
