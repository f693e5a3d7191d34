/**
 * The {@code hotscope} command line: {@code hotscope probes} and {@code hotscope demo}.
 */
package dev.hotscope.javaagent.cli;
