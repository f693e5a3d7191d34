/** Histograms as BPF programs keep them, and their bcc-style text form. */
package dev.hotscope.bpf.hist;
