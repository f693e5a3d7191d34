package dev.hotscope.javaagent.internal.methods;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Puts the classes of {@code dev.hotscope.agent.bootstrap} into the bootstrap class loader, so that
 * advice inlined into classes of any loader calls one copy of them, the one the agent plugs its
 * handler into. Their bytes come from the agent's own class loader (in the agent jar they sit among
 * the isolated internals); Byte Buddy appends them as a small jar to the bootstrap search path
 * through {@link Instrumentation}, from a private temporary folder removed right after.
 *
 * <p>Only names and reflection here: naming the bridge's types in code would make the JVM resolve
 * them while linking this class, before they are injected.
 */
final class BootstrapBridge {
    static final String PACKAGE = "dev.hotscope.agent.bootstrap.";
    /** Supertypes first: loading the bridge needs the handler interface. */
    static final List<String> CLASSES = List.of(PACKAGE + "MethodProbeHandler", PACKAGE + "MethodProbeBridge");
    static final String BRIDGE = PACKAGE + "MethodProbeBridge";

    private BootstrapBridge() {}

    /**
     * Injects whichever bridge classes the bootstrap loader lacks, then checks that the agent's
     * loader sees exactly those.
     *
     * @return the bridge class as the bootstrap loader defines it
     * @throws IllegalStateException if the classes cannot be read or injected, or the agent's loader
     *     already holds other copies
     */
    static synchronized Class<?> ensureInBootstrap(Instrumentation inst, ClassLoader agentLoader) {
        Map<String, byte[]> missing = new LinkedHashMap<>();
        for (String name : CLASSES) {
            if (bootstrapClass(name) == null) {
                missing.put(name, classBytes(agentLoader, name));
            }
        }
        if (!missing.isEmpty()) {
            inject(inst, missing);
        }
        requireSingleCopy(agentLoader);
        return bootstrapClass(BRIDGE);
    }

    /**
     * Fails if a loader resolves a bridge class to anything but the bootstrap copy: a loader that
     * defined its own copy (because it loaded one before the injection) would give probed methods
     * and the agent two different handler slots.
     */
    static void requireSingleCopy(ClassLoader loader) {
        for (String name : CLASSES) {
            Class<?> boot = bootstrapClass(name);
            if (boot == null) {
                throw new IllegalStateException(name + " is not in the bootstrap class loader after injection");
            }
            Class<?> seen;
            try {
                seen = Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(name + " is in the bootstrap class loader but " + loader
                    + " does not find it", e);
            }
            if (seen != boot) {
                throw new IllegalStateException(name + " has two copies: the bootstrap class loader's and one defined by "
                    + seen.getClassLoader() + ", loaded before the bridge was injected; probed methods and the agent"
                    + " would not share their handler");
            }
        }
    }

    /** The class as the bootstrap loader has it, or null. */
    static Class<?> bootstrapClass(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static byte[] classBytes(ClassLoader agentLoader, String name) {
        String resource = name.replace('.', '/') + ".class";
        ClassLoader loader = agentLoader != null ? agentLoader : ClassLoader.getSystemClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("cannot inject " + name + " into the bootstrap class loader: "
                    + loader + " has no resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from " + loader, e);
        }
    }

    private static void inject(Instrumentation inst, Map<String, byte[]> classes) {
        Path folder;
        try {
            // Owner-only permissions by default on POSIX: nobody else can swap the jar before it is appended.
            folder = Files.createTempDirectory("hotscope-bootstrap-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the bootstrap jar", e);
        }
        try {
            ClassInjector.UsingInstrumentation.of(folder.toFile(), ClassInjector.UsingInstrumentation.Target.BOOTSTRAP, inst)
                .injectRaw(classes);
        } finally {
            deleteQuietly(folder);
        }
    }

    /** The injected classes are loaded by now, and the JVM keeps the jar open: the files can go. */
    private static void deleteQuietly(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    file.toFile().deleteOnExit();
                }
            });
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            folder.toFile().deleteOnExit();
        }
    }
}
