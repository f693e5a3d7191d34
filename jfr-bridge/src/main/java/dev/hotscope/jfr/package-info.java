/**
 * JFR event types and the recording writer; filled in by issue 5.
 */
package dev.hotscope.jfr;
