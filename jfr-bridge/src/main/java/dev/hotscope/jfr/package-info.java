/**
 * The JFR side of hotscope: event types in {@code events}; the recording writer and report come with issue 5.
 */
package dev.hotscope.jfr;
