package dev.hotscope.lab.internal;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;

/** Where the lab's classes come from: dist/hotscope-lab.jar, or a build directory in development. */
public final class LabJar {
    private LabJar() {}

    /** Returns the jar or directory holding the lab's classes, or null when it cannot be told. */
    public static Path location() {
        CodeSource source = LabJar.class.getProtectionDomain().getCodeSource();
        try {
            return source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
