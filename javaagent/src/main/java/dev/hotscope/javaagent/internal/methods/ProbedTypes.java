package dev.hotscope.javaagent.internal.methods;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.security.ProtectionDomain;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/** Which classes and methods may be probed at all, and which the patterns select. */
final class ProbedTypes {
    /** Methods with a body of their own that users wrote: no constructors, lambdas or bridges. */
    static final ElementMatcher.Junction<MethodDescription> ELIGIBLE_METHODS = isMethod()
        .and(not(isAbstract())).and(not(isNative())).and(not(isSynthetic())).and(not(isBridge()));

    private final List<MethodPattern> patterns;
    private final ClassLoader agentLoader;

    ProbedTypes(List<MethodPattern> patterns, ClassLoader agentLoader) {
        this.patterns = List.copyOf(patterns);
        this.agentLoader = agentLoader;
    }

    /** Never instrumented, whatever the patterns say. */
    AgentBuilder.RawMatcher excluded() {
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        // In tests the agent shares the application's loader; there the name rule protects our classes.
        ClassLoader ownLoader = agentLoader == ClassLoader.getSystemClassLoader() ? null : agentLoader;
        return (TypeDescription type, ClassLoader loader, JavaModule module, Class<?> redefined, ProtectionDomain pd) ->
            loader == null
                || loader == platform
                || (ownLoader != null && loader == ownLoader)
                || isJdkModule(module)
                || hasExcludedName(type.getName())
                || type.isSynthetic();
    }

    /** Classes some pattern may select methods of. */
    ElementMatcher<TypeDescription> selected() {
        return type -> anyPatternSelects(type.getName());
    }

    /** The patterns, in the order given. */
    List<MethodPattern> patterns() {
        return patterns;
    }

    static boolean hasExcludedName(String name) {
        for (String prefix : MethodPattern.EXCLUDED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        // Lambda and method-reference proxies, should a JVM ever hand them over.
        return name.contains("$$Lambda");
    }

    /** JDK modules the application loader defines (jdk.attach, java.sql's friends...). */
    private static boolean isJdkModule(JavaModule module) {
        if (module == null || !module.isNamed()) {
            return false;
        }
        String name = module.getActualName();
        return name.startsWith("java.") || name.startsWith("jdk.");
    }

    private boolean anyPatternSelects(String typeName) {
        for (MethodPattern pattern : patterns) {
            if (pattern.matchesClass(typeName)) {
                return true;
            }
        }
        return false;
    }
}
