package dev.hotscope.tests.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotscope.agent.boot.AgentClassLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The isolated loader over the real dist jar, in this JVM, whose class path has its own copies of
 * Byte Buddy, jnr-ffi and picocli (the javaagent module's dependencies).
 */
class AgentClassLoaderTest {
    private static AgentClassLoader loader;
    private static JarFile jar;

    @BeforeAll
    static void open() throws IOException {
        loader = AgentClassLoader.open(AgentJars.dist());
        jar = new JarFile(AgentJars.dist().toFile());
    }

    @AfterAll
    static void close() throws IOException {
        loader.close();
        jar.close();
    }

    @Test
    void librariesComeFromTheJarEvenWhenTheClassPathHasThem() throws Exception {
        for (Class<?> onClassPath : List.of(net.bytebuddy.ByteBuddy.class, jnr.ffi.LibraryLoader.class, picocli.CommandLine.class)) {
            Class<?> ours = loader.loadClass(onClassPath.getName());

            assertThat(ours).as(onClassPath.getName()).isNotSameAs(onClassPath);
            assertThat(ours.getClassLoader()).isSameAs(loader);
            assertThat(Path.of(ours.getProtectionDomain().getCodeSource().getLocation().toURI()))
                .isEqualTo(loader.jar()).isEqualTo(AgentJars.DIST.normalize());
        }
    }

    @Test
    void packagesCarryTheJarsVersion() throws Exception {
        Class<?> cli = loader.loadClass("dev.hotscope.javaagent.cli.HotscopeCli");

        assertThat(cli.getPackage().getImplementationVersion())
            .isEqualTo(AgentJars.manifest().getValue("Implementation-Version"));
    }

    @Test
    void theClassPathIsNotConsulted() {
        assertThatThrownBy(() -> loader.loadClass(AgentClassLoaderTest.class.getName()))
            .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> loader.loadClass("org.assertj.core.api.Assertions"))
            .isInstanceOf(ClassNotFoundException.class);
        assertThat(loader.getResource("junit-platform.properties")).isNull();
    }

    @Test
    void jdkModulesOfTheApplicationLoaderAreReached() throws Exception {
        Class<?> attach = loader.loadClass("com.sun.tools.attach.VirtualMachine");
        Class<?> jshell = loader.loadClass("jdk.jshell.JShell");

        assertThat(attach).isSameAs(Class.forName("com.sun.tools.attach.VirtualMachine"));
        assertThat(attach.getModule().getName()).isEqualTo("jdk.attach");
        assertThat(jshell.getModule().getName()).isEqualTo("jdk.jshell");
        assertThat(loader.loadClass("java.lang.String")).isSameAs(String.class);
    }

    @Test
    void aClassResourceIsItsClassdataEntry() throws Exception {
        String entry = AgentJars.classdata("net.bytebuddy.ByteBuddy");
        URL url = loader.getResource("net/bytebuddy/ByteBuddy.class");

        assertThat(url).isNotNull();
        assertThat(url.toString()).endsWith("!/hotscope-inst/net/bytebuddy/ByteBuddy.class");
        assertThat(read(url.openStream())).isEqualTo(read(jar.getInputStream(jar.getEntry(entry))));
        assertThat(read(loader.getResourceAsStream("net/bytebuddy/ByteBuddy.class"))).isEqualTo(read(jar.getInputStream(jar.getEntry(entry))));
    }

    @Test
    void otherResourcesAreUnderTheInternalsFolder() throws Exception {
        String name = "dev/hotscope/bpf/programs/syscalls.bpf.o";
        byte[] expected = read(jar.getInputStream(jar.getEntry(AgentJars.INST + name)));

        assertThat(read(loader.getResourceAsStream(name))).isEqualTo(expected);
        List<URL> all = Collections.list(loader.getResources(name));
        assertThat(all).hasSize(1);
        assertThat(read(all.get(0).openStream())).isEqualTo(expected);
        assertThat(loader.getResource("jni/x86_64-Linux/libjffi-1.2.so")).isNotNull();
        assertThat(loader.getResource("META-INF/MANIFEST.MF")).as("the outer manifest is not an internal resource").isNull();
    }

    @Test
    void urlsRelativeToAClassUrlReadTheJarToo() throws Exception {
        // jnr-ffi's FinalizableReferenceQueue cuts the class name off a class URL and opens a
        // URLClassLoader on what is left, to keep its finalizer out of the agent's loader.
        String path = "jnr/ffi/util/ref/internal/Finalizer.class";
        String url = loader.getResource(path).toString();
        URL base = new URL(loader.getResource(path), url.substring(0, url.length() - path.length()));

        try (URLClassLoader decoupled = new URLClassLoader(new URL[] {base}, null)) {
            Class<?> finalizer = decoupled.loadClass("jnr.ffi.util.ref.internal.Finalizer");
            assertThat(finalizer.getClassLoader()).isSameAs(decoupled);
        }
    }

    @Test
    void bootstrapPackageClassesAreReadableButOnlyTheBootstrapLoaderDefinesThem(@TempDir Path dir) throws Exception {
        String name = AgentClassLoader.BOOTSTRAP_PACKAGE + "LoaderTestMarker";
        byte[] marker = AgentJars.compile(name,
            "package dev.hotscope.agent.bootstrap; public final class LoaderTestMarker {}");
        Path jarWithMarker = AgentJars.copy(dir.resolve("marker.jar"), n -> true, Map.of(AgentJars.classdata(name), marker));

        try (AgentClassLoader withMarker = AgentClassLoader.open(jarWithMarker)) {
            assertThat(read(withMarker.getResourceAsStream("dev/hotscope/agent/bootstrap/LoaderTestMarker.class"))).isEqualTo(marker);
            assertThat(read(withMarker.getResource("dev/hotscope/agent/bootstrap/LoaderTestMarker.class").openStream())).isEqualTo(marker);
            assertThatThrownBy(() -> withMarker.loadClass(name)).as("not in the bootstrap loader, so not at all")
                .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void versionedEntriesApplyFromTheirJavaVersionOn() {
        // Byte Buddy ships this class only under META-INF/versions/24 (see the JDK 25 case in AgentCommandLineTest).
        String versionedOnly = "net.bytebuddy.jar.asmjdkbridge.JdkClassReader";
        if (Runtime.version().feature() < 24) {
            assertThatThrownBy(() -> loader.loadClass(versionedOnly)).isInstanceOf(ClassNotFoundException.class);
        } else {
            assertThat(loader.getResource(versionedOnly.replace('.', '/') + ".class").toString())
                .contains("!/hotscope-inst/META-INF/versions/24/");
        }
    }

    @Test
    void aJarWithoutInternalsIsRefused(@TempDir Path dir) throws Exception {
        Path bootOnly = AgentJars.copy(dir.resolve("boot-only.jar"), n -> !n.startsWith(AgentJars.INST), Map.of());

        assertThatThrownBy(() -> AgentClassLoader.open(bootOnly))
            .isInstanceOf(IOException.class).hasMessageContaining("is not a hotscope agent jar");
    }

    @Test
    void closingReleasesTheJar() throws Exception {
        AgentClassLoader other = AgentClassLoader.open(AgentJars.dist());
        Class<?> loaded = other.loadClass("picocli.CommandLine");
        other.close();
        other.close();

        assertThat(loaded.getName()).isEqualTo("picocli.CommandLine");
        assertThat(other.getResourceAsStream("dev/hotscope/bpf/programs/syscalls.bpf.o")).isNull();
        assertThatThrownBy(() -> other.loadClass("jnr.ffi.LibraryLoader")).isInstanceOf(ClassNotFoundException.class);
    }

    private static byte[] read(InputStream in) throws IOException {
        assertThat(in).isNotNull();
        try (in) {
            return in.readAllBytes();
        }
    }
}
