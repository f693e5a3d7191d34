/**
 * Not API. One run of the agent inside a JVM: the features (one BPF tracer each), the thread that
 * drains them into JFR events, the in-process stacks of waits still in progress, and the recording
 * written at the end.
 */
package dev.hotscope.javaagent.internal.session;
