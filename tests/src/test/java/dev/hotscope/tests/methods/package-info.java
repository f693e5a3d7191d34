/**
 * Java methods as USDT probes, traced by bpftrace: a forked JVM probes its workload's methods with
 * {@code MethodProbes} and bpftrace counts {@code hotscope:method__entry} and
 * {@code hotscope:method__return}.
 */
package dev.hotscope.tests.methods;
