/**
 * Cross-module integration tests: the USDT library against real tracers (bpftrace, bcc's tplist,
 * readelf) and forked JVMs. Tests that need root and uprobes skip with a one-line reason, or fail
 * with it when the system property {@code hotscope.requireBpf} is {@code true}.
 *
 * <ul>
 *   <li>{@link dev.hotscope.tests.target} — the main class run in the forked, traced JVM;</li>
 *   <li>{@link dev.hotscope.tests.support} — process handling and environment checks;</li>
 *   <li>{@link dev.hotscope.tests.usdt} — the tests.</li>
 * </ul>
 */
package dev.hotscope.tests;
