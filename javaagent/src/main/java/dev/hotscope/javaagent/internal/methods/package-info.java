/**
 * Not API. Java methods as USDT probes: {@code probe=CLASS#METHOD} patterns, the Byte Buddy advice
 * that wraps matching methods so each call fires {@code hotscope:method__entry} and
 * {@code hotscope:method__return}, the per-thread timeline of probed calls that the agent's
 * correlation reads, and the span callback behind {@code hotscope.MethodSpan} events. The advice
 * reaches this package only through {@code dev.hotscope.agent.bootstrap}, injected into the
 * bootstrap class loader. See docs/method-probes.md.
 */
package dev.hotscope.javaagent.internal.methods;
