package dev.hotscope.lab.internal;

import java.util.OptionalLong;

/** The snippets every lab session starts with: the vocabulary's imports, and the target if one was named. */
public final class Startup {
    private Startup() {}

    /**
     * Returns the startup script.
     *
     * @param pid the target to attach to at start, or empty for none
     * @return JShell source, one snippet a line
     */
    public static String script(OptionalLong pid) {
        StringBuilder s = new StringBuilder()
            .append("import java.time.Duration;\n")
            .append("import java.util.*;\n")
            .append("import java.util.stream.*;\n")
            .append("import dev.hotscope.lab.*;\n")
            .append("import static dev.hotscope.lab.Lab.*;\n");
        pid.ifPresent(p -> s.append("attach(").append(p).append("L);\n"));
        return s.toString();
    }
}
