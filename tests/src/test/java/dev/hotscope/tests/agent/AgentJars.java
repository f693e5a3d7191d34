package dev.hotscope.tests.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** The built agent jar, and variants of it with some internal classes replaced or removed. */
final class AgentJars {
    /** Built in the package phase of the javaagent module, before this module's tests run. */
    static final Path DIST = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("dist/hotscope.jar");
    static final String INST = "hotscope-inst/";
    static final String RUNTIME = "dev.hotscope.javaagent.internal.AgentRuntime";

    private AgentJars() {}

    /** The dist jar, failing clearly when the package phase has not run. */
    static Path dist() {
        assertThat(DIST).as("dist/hotscope.jar is built by 'mvn package' before these tests").isRegularFile();
        return DIST;
    }

    /** The main attributes of the dist jar's manifest. */
    static Attributes manifest() {
        try (JarFile jar = new JarFile(dist().toFile())) {
            return jar.getManifest().getMainAttributes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry that holds a class of the internals. */
    static String classdata(String className) {
        return INST + className.replace('.', '/') + ".classdata";
    }

    /**
     * Writes a copy of the dist jar.
     *
     * @param target where
     * @param keep which entry names to copy
     * @param add entries to add, name to bytes
     */
    static Path copy(Path target, Predicate<String> keep, Map<String, byte[]> add) throws IOException {
        try (JarFile jar = new JarFile(dist().toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(target))) {
            for (Enumeration<JarEntry> all = jar.entries(); all.hasMoreElements(); ) {
                JarEntry entry = all.nextElement();
                if (keep.test(entry.getName()) && !add.containsKey(entry.getName())) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        write(out, entry.getName(), in.readAllBytes());
                    }
                }
            }
            for (Map.Entry<String, byte[]> extra : add.entrySet()) {
                write(out, extra.getKey(), extra.getValue());
            }
        }
        return target;
    }

    /** A copy of the dist jar whose AgentRuntime is compiled from {@code source}, or absent if null. */
    static Path withRuntime(Path dir, String name, String source) throws IOException {
        Path target = dir.resolve(name + ".jar");
        String entry = classdata(RUNTIME);
        if (source == null) {
            return copy(target, n -> !n.equals(entry), Map.of());
        }
        return copy(target, n -> true, Map.of(entry, compile(RUNTIME, source)));
    }

    private static void write(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        jar.putNextEntry(new ZipEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }

    /**
     * Compiles one top-level class with javac, in memory.
     *
     * @return its class file
     */
    static byte[] compile(String className, String source) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK with javac runs the tests").isNotNull();
        Path out = Files.createTempDirectory("hotscope-compiled");
        try {
            JavaFileObject file = new SimpleJavaFileObject(
                URI.create("string:///" + className.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            StringWriter errors = new StringWriter();
            boolean ok = javac.getTask(errors, null, null, List.of("--release", "17", "-d", out.toString()), null,
                List.of(file)).call();
            assertThat(ok).as("javac: %s", errors).isTrue();
            return Files.readAllBytes(out.resolve(className.replace('.', '/') + ".class"));
        } finally {
            try (var walk = Files.walk(out)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A runtime whose launch is the given statement(s), with {@code options, inst, attached} in scope. */
    static String runtimeSource(String staticInit, String launchBody) {
        return "package dev.hotscope.javaagent.internal;\n"
            + "public final class AgentRuntime {\n"
            + "  static { " + staticInit + " }\n"
            + "  public static void launch(String options, java.lang.instrument.Instrumentation inst, boolean attached) {\n"
            + "    " + launchBody + "\n"
            + "  }\n"
            + "  static void fail(String why) { throw new IllegalStateException(why); }\n"
            + "}\n";
    }
}
