/**
 * Dynamic USDT probes declared from Java: {@link dev.hotscope.usdt.Usdt} makes a
 * {@link dev.hotscope.usdt.Provider}, which declares {@link dev.hotscope.usdt.Probe}s, loads them
 * as a tiny SDT shared object, and fires them; {@link dev.hotscope.usdt.ProcessProbes} lists the
 * USDT probes of any process.
 */
package dev.hotscope.usdt;
