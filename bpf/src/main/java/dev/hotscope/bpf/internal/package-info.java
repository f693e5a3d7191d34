/** Native plumbing of the BPF engine (libbpf and libc bindings, native memory); not API. */
package dev.hotscope.bpf.internal;
