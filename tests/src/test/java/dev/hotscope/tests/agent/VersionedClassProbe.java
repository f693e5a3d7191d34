package dev.hotscope.tests.agent;

import dev.hotscope.agent.boot.AgentClassLoader;
import java.nio.file.Path;

/** Run with the agent jar on the class path: loads a class through the agent loader and prints where it came from. */
public final class VersionedClassProbe {
    private VersionedClassProbe() {}

    public static void main(String[] args) throws Exception {
        try (AgentClassLoader loader = AgentClassLoader.open(Path.of(args[0]))) {
            Class<?> c = Class.forName(args[1], true, loader);
            System.out.println("loaded " + c.getName() + " from " + loader.getResource(args[1].replace('.', '/') + ".class"));
        }
    }
}
