/**
 * The lab's escape hatch to bpftrace: {@link dev.hotscope.lab.bpftrace.Bpftrace} runs a user's bpftrace
 * script as a child process ({@code bpftrace -f json}) for a bounded time and returns what it printed and
 * its maps as Java values ({@link dev.hotscope.lab.bpftrace.BpftraceResult}). Everything else here is the
 * process handling and the parsing of bpftrace 0.17's JSON output, and is not API.
 */
package dev.hotscope.lab.bpftrace;
