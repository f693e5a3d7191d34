package dev.hotscope.javaagent.internal.methods;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.bytebuddy.agent.ByteBuddyAgent;

/** The test JVM's instrumentation, and a way to see a class's current bytes. */
final class Instrumentations {
    private Instrumentations() {}

    static synchronized Instrumentation get() {
        return ByteBuddyAgent.install();
    }

    /**
     * The bytes a class has now, as seen by a transformer registered after every other one:
     * with the probes' advice while they are installed.
     */
    static byte[] currentBytes(Class<?> type) throws UnmodifiableClassException {
        Instrumentation inst = get();
        AtomicReference<byte[]> seen = new AtomicReference<>();
        ClassFileTransformer capture = new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                    ProtectionDomain domain, byte[] bytes) {
                if (redefined == type) {
                    seen.set(bytes.clone());
                }
                return null;
            }
        };
        inst.addTransformer(capture, true);
        try {
            inst.retransformClasses(type);
        } finally {
            inst.removeTransformer(capture);
        }
        if (seen.get() == null) {
            throw new AssertionError("the retransformation of " + type + " did not reach the capturing transformer");
        }
        return seen.get();
    }

    static MethodProbes install(String... patterns) {
        return MethodProbes.install(get(), parse(patterns), null, java.time.Duration.ZERO);
    }

    static List<MethodPattern> parse(String... patterns) {
        return java.util.Arrays.stream(patterns).map(MethodPattern::parse).toList();
    }

    /** Whether the bytes call the bootstrap bridge: the advice is in them. */
    static boolean callsBridge(byte[] classBytes) {
        String text = new String(classBytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.contains("dev/hotscope/agent/bootstrap/MethodProbeBridge");
    }
}
