/**
 * Test support: environment checks ({@link dev.hotscope.tests.support.TracingAssumptions}), the
 * forked target JVM ({@link dev.hotscope.tests.support.ForkedTarget}), bpftrace as a second process
 * ({@link dev.hotscope.tests.support.Bpftrace}), and parsers for what bpftrace, bcc's tplist and
 * readelf print. Every wait is bounded and every failure message carries the processes' stderr.
 */
package dev.hotscope.tests.support;
