/**
 * The agent's recordings read back the way their users read them: the written file with JMC's
 * parser and rules and with the JDK's {@code jfr} tool, and hotscope's events in the JVM's own
 * recordings (command line, jcmd, RecordingStream), against real agent runs with BPF.
 */
package dev.hotscope.tests.jfr;
