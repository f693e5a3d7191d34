package dev.hotscope.lab.jupyter;

import com.google.gson.GsonBuilder;
import dev.hotscope.lab.internal.LabJar;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Writes the lab kernel's kernelspec, {@code kernels/hotscope/kernel.json}: the user's Jupyter data
 * directory by default, {@code DIR/share/jupyter} with {@code --prefix DIR}; {@code --print} only prints
 * it. The kernel runs this JVM's {@code java} on the jar this class came from (dist/hotscope-lab.jar).
 */
public final class KernelInstall {
    /** The kernel's name: notebooks name it in {@code metadata.kernelspec.name}. */
    public static final String NAME = "hotscope";
    /** What Jupyter's kernel menu shows. */
    public static final String DISPLAY_NAME = "hotscope lab (Java)";

    private static final String USAGE = "usage: bin/hotscope lab --install-kernel [--prefix DIR] [--print]";
    private static final String JUPYTER = "/usr/bin/jupyter";

    private KernelInstall() {
    }

    /**
     * Installs (or prints) the kernelspec.
     *
     * @param args none, {@code --prefix DIR} and/or {@code --print}; not null
     * @param out where the result goes; not null
     * @param err where a one-line error goes; not null
     * @return 0 when done, 1 when it could not be written, 2 for bad arguments
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Objects.requireNonNull(args, "args");
        Path prefix = null;
        boolean print = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--print")) {
                print = true;
            } else if (arg.equals("--prefix") && i + 1 < args.size()) {
                prefix = Path.of(args.get(++i));
            } else {
                err.println("hotscope lab: unknown or incomplete option \"" + arg + "\"; " + USAGE);
                return 2;
            }
        }
        Path jar = LabJar.location();
        if (jar == null || !Files.isRegularFile(jar)) {
            err.println("hotscope lab: the kernel needs the lab as a jar, but its classes come from " + jar
                + "; build dist/hotscope-lab.jar (mvn -pl jshell-lab -am package) and run it from there");
            return 1;
        }
        String json = kernelJson(javaCommand(), jar);
        if (print) {
            out.print(json);
            return 0;
        }
        Path dir = (prefix != null ? prefix.resolve("share/jupyter") : userDataDir()).resolve("kernels").resolve(NAME);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("kernel.json"), json);
        } catch (IOException e) {
            err.println("hotscope lab: cannot write the kernelspec in " + dir + ": " + e.getMessage());
            return 1;
        }
        out.println("installed the Jupyter kernel \"" + DISPLAY_NAME + "\" (" + NAME + ") in " + dir);
        return 0;
    }

    /** The kernelspec for running {@code java} on {@code jar}, as JSON. */
    static String kernelJson(Path java, Path jar) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", List.of(java.toAbsolutePath().toString(), "-cp", jar.toAbsolutePath().toString(),
            LabKernel.class.getName(), "{connection_file}"));
        spec.put("display_name", DISPLAY_NAME);
        spec.put("language", "java");
        // Jupyter's interrupt arrives as a message, which stops the waiting lab operation; a SIGINT would not.
        spec.put("interrupt_mode", "message");
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n";
    }

    private static Path javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Jupyter's own answer when it is installed; otherwise where it would look by default. */
    private static Path userDataDir() {
        Path asked = askJupyter();
        if (asked != null) {
            return asked;
        }
        String env = System.getenv("JUPYTER_DATA_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("jupyter");
    }

    private static Path askJupyter() {
        String jupyter = Files.isExecutable(Path.of(JUPYTER)) ? JUPYTER : "jupyter";
        try {
            Process process = new ProcessBuilder(jupyter, "--data-dir").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (InputStream stdout = process.getInputStream()) {
                String dir = new String(stdout.readAllBytes(), StandardCharsets.UTF_8).strip();
                boolean done = process.waitFor(10, TimeUnit.SECONDS);
                return done && process.exitValue() == 0 && !dir.isEmpty() ? Path.of(dir) : null;
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
