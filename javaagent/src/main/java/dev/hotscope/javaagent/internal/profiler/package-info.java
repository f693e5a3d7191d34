/**
 * Not API. async-profiler ({@code profiler=cpu|wall|alloc|lock}) started in jfrsync mode: it runs a
 * JDK recording with the session's settings and, when stopped, appends its own samples to the same
 * file, so JMC shows the JDK's events, hotscope's and async-profiler's samples in one recording.
 */
package dev.hotscope.javaagent.internal.profiler;
