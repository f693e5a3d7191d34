package dev.hotscope.tests.support;

import java.nio.file.Path;

/** The {@code java} launchers the target can run on. */
public final class JavaLaunchers {
    private JavaLaunchers() {}

    /** JDK 25, where the CI image installs it. */
    public static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    /** The launcher of the JVM running the tests. */
    public static Path current() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
