/**
 * Tests of {@code dist/hotscope.jar} as a jar: its layout, its isolated class loader, the boot entry
 * points under {@code -javaagent}, dynamic attach and {@code java -jar}, on forked JVMs whose class
 * path holds other versions of the agent's libraries.
 */
package dev.hotscope.tests.agent;
