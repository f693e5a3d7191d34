package dev.hotscope.tests.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the system class loader can see of {@code dist/hotscope.jar}: the boot classes and nothing else. */
class AgentJarLayoutTest {
    @Test
    void onlyTheBootClassesAreAtTheTop() throws IOException {
        List<String> top = names().stream().filter(n -> !n.startsWith(AgentJars.INST)).collect(Collectors.toList());

        assertThat(top).contains("META-INF/MANIFEST.MF",
            "dev/hotscope/agent/boot/HotscopeAgent.class",
            "dev/hotscope/agent/boot/HotscopeMain.class",
            "dev/hotscope/agent/boot/AgentClassLoader.class");
        assertThat(top).allMatch(n -> n.equals("META-INF/MANIFEST.MF") || n.startsWith("dev/hotscope/agent/boot/"));
    }

    @Test
    void theInternalsHoldNoClassFiles() throws IOException {
        List<String> inst = names().stream().filter(n -> n.startsWith(AgentJars.INST)).collect(Collectors.toList());

        assertThat(inst).noneMatch(n -> n.endsWith(".class"));
        assertThat(inst).contains(
            AgentJars.classdata(AgentJars.RUNTIME),
            AgentJars.classdata("dev.hotscope.javaagent.cli.HotscopeCli"),
            AgentJars.classdata("net.bytebuddy.ByteBuddy"),
            AgentJars.classdata("jnr.ffi.LibraryLoader"),
            AgentJars.classdata("picocli.CommandLine"),
            AgentJars.INST + "dev/hotscope/bpf/programs/syscalls.bpf.o",
            AgentJars.INST + "jni/x86_64-Linux/libjffi-1.2.so");
        assertThat(inst).noneMatch(n -> n.startsWith(AgentJars.INST + "dev/hotscope/agent/boot/"));
    }

    @Test
    void theBootstrapBridgeIsAmongTheInternals() throws IOException {
        List<String> names = names();

        assertThat(names).anyMatch(n -> n.startsWith(AgentJars.INST + "dev/hotscope/agent/bootstrap/") && n.endsWith(".classdata"));
        assertThat(names).noneMatch(n -> n.startsWith("dev/hotscope/agent/bootstrap/"));
    }

    @Test
    void theManifestMakesItAnAgentAndACommand() {
        Attributes manifest = AgentJars.manifest();

        assertThat(manifest.getValue("Premain-Class")).isEqualTo("dev.hotscope.agent.boot.HotscopeAgent");
        assertThat(manifest.getValue("Agent-Class")).isEqualTo("dev.hotscope.agent.boot.HotscopeAgent");
        assertThat(manifest.getValue("Main-Class")).isEqualTo("dev.hotscope.agent.boot.HotscopeMain");
        assertThat(manifest.getValue("Can-Retransform-Classes")).isEqualTo("true");
        assertThat(manifest.getValue("Can-Redefine-Classes")).isEqualTo("true");
        assertThat(manifest.getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
        assertThat(manifest.getValue("Implementation-Version")).isNotBlank();
        assertThat(manifest.getValue("Multi-Release")).as("versioned entries are the loader's business").isNull();
    }

    private static List<String> names() throws IOException {
        try (JarFile jar = new JarFile(AgentJars.dist().toFile())) {
            return jar.stream().map(JarEntry::getName).collect(Collectors.toList());
        }
    }
}
