/**
 * The program the tests run in a forked JVM and trace: {@link dev.hotscope.tests.target.ProbeTarget}
 * declares the probes of one {@link dev.hotscope.tests.target.Scenario}, prints
 * {@code READY <pid> <path>}, then answers one-line commands read from standard input (see
 * {@link dev.hotscope.tests.target.TargetCommands}). It exits when standard input closes, so a
 * dying test never leaves it behind.
 *
 * <p>Every scenario fires a fixed sequence of inputs; the expected outputs live in the tests, not
 * here, so a wrong narrowing or encoding in the library shows up as a mismatch.
 */
package dev.hotscope.tests.target;
