/**
 * hotscope's JFR event types, under the name prefix {@code hotscope.} and the category "hotscope".
 *
 * <p>They are committed in-process, so they appear in the JVM's own recordings and live streams.
 * JFR stamps an in-process event with the committing thread and the time of the commit; the fields
 * {@code javaThread}, {@code osThreadId}, {@code began} and the latency fields say which thread the
 * event is about and when it really happened, as the kernel measured it.
 */
package dev.hotscope.jfr.events;
