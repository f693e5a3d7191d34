/**
 * The only classes at the top of {@code hotscope.jar}, visible to the system class loader: the
 * agent entry ({@link dev.hotscope.agent.boot.HotscopeAgent}, Premain-Class and Agent-Class), the
 * command line entry ({@link dev.hotscope.agent.boot.HotscopeMain}, Main-Class) and the
 * {@link dev.hotscope.agent.boot.AgentClassLoader} that both use to reach everything else, which
 * lives under {@code hotscope-inst/} as {@code .classdata} so that an application never sees, nor
 * clashes with, hotscope's copies of Byte Buddy, jnr-ffi or picocli.
 *
 * <p>These classes use nothing but the JDK; nothing else may refer to them.
 */
package dev.hotscope.agent.boot;
