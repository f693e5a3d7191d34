package dev.hotscope.tests.agent;

import java.net.URL;
import java.util.Collections;

/**
 * An application run with {@code -javaagent:hotscope.jar}, maybe with its own Byte Buddy and
 * picocli on the class path: prints, one fact a line, what it sees of those libraries and of the agent's.
 */
public final class OwnLibrariesApp {
    private OwnLibrariesApp() {}

    public static void main(String[] args) throws Exception {
        System.out.println("bytebuddy " + codeSource("net.bytebuddy.ByteBuddy"));
        System.out.println("bytebuddy-poms " + Collections.list(ClassLoader.getSystemClassLoader()
            .getResources("META-INF/maven/net.bytebuddy/byte-buddy/pom.properties")).size());
        System.out.println("picocli " + picocliVersion());
        for (String name : args) {
            System.out.println("class " + name + " " + (isVisible(name) ? "visible" : "absent"));
        }
        URL program = ClassLoader.getSystemResource("dev/hotscope/bpf/programs/syscalls.bpf.o");
        System.out.println("resource syscalls.bpf.o " + (program == null ? "absent" : "visible"));
        System.out.println("agent status " + System.getProperty("hotscope.agent.status"));
    }

    private static String codeSource(String name) {
        try {
            return Class.forName(name).getProtectionDomain().getCodeSource().getLocation().getPath().replaceAll(".*/", "");
        } catch (ClassNotFoundException e) {
            return "absent";
        }
    }

    private static String picocliVersion() throws ReflectiveOperationException {
        try {
            // Read reflectively: a compile-time constant would be the version this class was compiled with.
            return String.valueOf(Class.forName("picocli.CommandLine").getField("VERSION").get(null));
        } catch (ClassNotFoundException e) {
            return "absent";
        }
    }

    private static boolean isVisible(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
