package dev.hotscope.tests.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Executes the repository's notebooks headless, as a user would with {@code jupyter nbconvert
 * --execute}: Debian's Jupyter, the kernelspec {@code bin/hotscope lab --install-kernel --prefix}
 * writes, all of it under {@code target/notebooks} (nothing goes to the user's Jupyter directories).
 */
final class NotebookRunner {
    /** Debian's Jupyter; {@code python3} on the PATH may be another interpreter without it. */
    static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    /** How long one cell may run before nbconvert gives up on the notebook. */
    static final Duration CELL_TIMEOUT = Duration.ofSeconds(180);
    /** How long a whole notebook may take: far more than the ~30 s they need. */
    static final Duration NOTEBOOK_TIMEOUT = Duration.ofMinutes(4);

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    static final Path LAB_JAR = ROOT.resolve("dist/hotscope-lab.jar");
    static final Path NOTEBOOKS = ROOT.resolve("notebooks");

    private final Path work;

    private NotebookRunner(Path work) {
        this.work = work;
    }

    /**
     * Writes the kernelspec into {@code target/notebooks/jupyter} with the lab's own installer.
     *
     * @return a runner whose Jupyter finds that kernelspec first
     */
    static NotebookRunner install() throws IOException, InterruptedException {
        assertThat(LAB_JAR).as("dist/hotscope-lab.jar is built by the jshell-lab module before these tests").exists();
        assertThat(JUPYTER).as("Debian's Jupyter; bin/setup installs it (jupyter-nbconvert)").isExecutable();
        Path work = Path.of("target", "notebooks").toAbsolutePath();
        Files.createDirectories(work);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (ChildProcess install = ChildProcess.start("install-kernel", List.of(java, "-cp", LAB_JAR.toString(),
                "dev.hotscope.lab.LabMain", "--install-kernel", "--prefix", work.resolve("jupyter").toString()), Map.of())) {
            assertThat(install.awaitExit(Duration.ofSeconds(60))).as(install.describe()).isZero();
        }
        NotebookRunner runner = new NotebookRunner(work);
        assertThat(runner.kernelDir().resolve("kernel.json")).exists();
        return runner;
    }

    private Path kernelDir() {
        return work.resolve("jupyter/share/jupyter/kernels/hotscope");
    }

    /**
     * Executes a notebook to HTML.
     *
     * @param name the notebook's file name without {@code .ipynb}
     * @return the HTML and how long it took
     * @throws AssertionError with nbconvert's output if it fails (a cell error fails it)
     */
    NotebookRun execute(String name) throws IOException, InterruptedException {
        Path notebook = NOTEBOOKS.resolve(name + ".ipynb");
        assertThat(notebook).exists();
        Path html = work.resolve("html");
        List<String> command = List.of(JUPYTER.toString(), "nbconvert", "--execute", "--to", "html",
            "--ExecutePreprocessor.timeout=" + CELL_TIMEOUT.toSeconds(), "--output-dir", html.toString(),
            notebook.toString());
        Map<String, String> environment = Map.of(
            "JUPYTER_PATH", work.resolve("jupyter/share/jupyter").toString(),
            "JUPYTER_RUNTIME_DIR", work.resolve("runtime").toString());
        long start = System.nanoTime();
        try (ChildProcess nbconvert = ChildProcess.start("nbconvert " + name, command, environment)) {
            nbconvert.process().getOutputStream().close();
            int exit = nbconvert.awaitExit(NOTEBOOK_TIMEOUT);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(exit).as("nbconvert --execute of %s\n%s", name, nbconvert.describe()).isZero();
            return new NotebookRun(name, Files.readString(html.resolve(name + ".html")), took);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
