/**
 * Integration tests of dynamic USDT probes against real tracers: what bpftrace sees when a forked
 * JVM fires (every argument type, both probe sites, JDK 25, many threads, 1000 probes), how
 * semaphores follow tracers, what closing a provider leaves behind, and what bcc's tplist and
 * readelf read from the notes.
 */
package dev.hotscope.tests.usdt;
