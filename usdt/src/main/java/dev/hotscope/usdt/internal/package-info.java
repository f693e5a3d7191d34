/** Not API. The native side of dynamic probes: mapping, calls, per-thread strings, kernel checks. */
package dev.hotscope.usdt.internal;
