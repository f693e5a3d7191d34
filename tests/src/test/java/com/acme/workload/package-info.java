/**
 * The workload the method-probe tests probe in a forked JVM; outside {@code dev.hotscope}, whose
 * classes are never instrumented.
 */
package com.acme.workload;
