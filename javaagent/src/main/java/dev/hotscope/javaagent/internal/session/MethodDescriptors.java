package dev.hotscope.javaagent.internal.session;

import dev.hotscope.jfr.writer.FrameType;
import dev.hotscope.jfr.writer.StackFrame;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * Fills in the JVM descriptor of Java frames taken in-process: {@code StackTraceElement} has none,
 * and JMC shows a method without one as "null". Classes are looked up among those already loaded
 * ({@link Instrumentation#getAllLoadedClasses()}, once, when the recording is written), never
 * loaded; a method name that is overloaded, or a class not found, keeps its frame as it was.
 * Agent thread only.
 */
final class MethodDescriptors {
    private static final String AMBIGUOUS = "";

    private final Instrumentation inst;
    private Map<String, Class<?>> classes;
    private final Map<String, Map<String, String>> methods = new HashMap<>();

    MethodDescriptors(Instrumentation inst) {
        this.inst = inst;
    }

    StackFrame complete(StackFrame f) {
        if (f.isLibrary() || !f.descriptor().isEmpty() || f.type() == FrameType.JIT_COMPILED) {
            return f;
        }
        String descriptor = descriptor(f.className(), f.method());
        return descriptor.isEmpty() ? f : StackFrame.java(f.type(), f.className(), f.method(), descriptor, f.line());
    }

    private String descriptor(String className, String method) {
        Map<String, String> byName = methods.computeIfAbsent(className, this::methodsOf);
        return byName.getOrDefault(method, AMBIGUOUS);
    }

    private Map<String, String> methodsOf(String className) {
        Class<?> c = loaded().get(className);
        Map<String, String> byName = new HashMap<>();
        if (c == null) {
            return byName;
        }
        try {
            for (Method m : c.getDeclaredMethods()) {
                byName.merge(m.getName(), MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                    .toMethodDescriptorString(), (a, b) -> AMBIGUOUS);
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                byName.merge("<init>", MethodType.methodType(void.class, k.getParameterTypes())
                    .toMethodDescriptorString(), (a, b) -> AMBIGUOUS);
            }
            byName.put("<clinit>", "()V");
        } catch (LinkageError | RuntimeException e) {
            // a parameter type that cannot be resolved: the frames keep no descriptor
        }
        return byName;
    }

    /** Classes by name; a name loaded by two loaders is left out (which one is on the stack is unknown). */
    private Map<String, Class<?>> loaded() {
        if (classes == null) {
            classes = new HashMap<>();
            Map<String, Boolean> twice = new HashMap<>();
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (c.isArray() || c.isPrimitive()) {
                    continue;
                }
                if (classes.putIfAbsent(c.getName(), c) != null) {
                    twice.put(c.getName(), true);
                }
            }
            twice.keySet().forEach(classes::remove);
        }
        return classes;
    }
}
