/**
 * async-profiler as hotscope loads it: through the dist jar's class loader, in forked JVMs, with
 * the file read back after the JVM is gone.
 */
package dev.hotscope.tests.profiler;
