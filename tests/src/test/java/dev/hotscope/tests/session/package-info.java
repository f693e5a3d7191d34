/**
 * The agent end to end: forked JVMs run with {@code -javaagent:dist/hotscope.jar} or get it attached,
 * do lock contention, GC churn, oversubscribed CPUs or plain waits, and the recording the agent
 * writes is read back and checked for the right events, threads and Java frames.
 */
package dev.hotscope.tests.session;
