/**
 * The {@code hotscope} command line: {@code attach}/{@code detach} the agent to a running JVM,
 * {@code report}/{@code summary} of a recording, {@code probes} (dynamic USDT), {@code syscalls}
 * (the BPF engine on its own) and {@code demo}.
 */
package dev.hotscope.javaagent.cli;
