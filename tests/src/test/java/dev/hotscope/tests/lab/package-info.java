/**
 * Tests of the JShell lab ({@code bin/hotscope lab}) against a real, traced JVM: every verb typed as a
 * snippet into a JShell session over the lab's engine ({@code Lab*Test}), bad input that must leave the
 * session usable, and the lab in a pseudo-terminal (tab completion, Ctrl-C). {@link
 * dev.hotscope.tests.lab.LabWorkload} is the traced JVM. The notebook tests ({@code Notebook*}) drive the
 * same vocabulary through the Jupyter kernel.
 */
package dev.hotscope.tests.lab;
