/**
 * Writes hotscope's events into a JFR chunk of their own, with {@code eventThread} set to the thread
 * each event is about and {@code stackTrace} to that thread's frames, and appends it to a recording
 * of the JDK's events. Events committed in-process carry the agent's thread and stack; JMC's thread
 * lanes, stack trace view and flame graph need these two fields right, which only a writer outside
 * {@code jdk.jfr} can set. Built on JMC's {@code flightrecorder.writer}.
 */
package dev.hotscope.jfr.writer;
