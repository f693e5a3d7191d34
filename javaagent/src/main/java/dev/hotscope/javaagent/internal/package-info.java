/** Not API. Helpers shared by the agent and the command line. */
package dev.hotscope.javaagent.internal;
