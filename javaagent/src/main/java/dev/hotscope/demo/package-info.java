/**
 * The service {@code hotscope demo} runs under the agent: plain JDK code, outside hotscope's own
 * packages so that {@code probe=} may instrument it like any application's code.
 */
package dev.hotscope.demo;
