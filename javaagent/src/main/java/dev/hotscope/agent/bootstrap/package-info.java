/**
 * Not API. The few classes that instrumented application code calls, whatever its class loader:
 * they live in the bootstrap class loader (the agent injects them there before instrumenting), so
 * every loader resolves them to one copy. They depend on nothing but {@code java.base}; the work
 * is done by a handler that the agent, in its own class loader, plugs in.
 */
package dev.hotscope.agent.bootstrap;
