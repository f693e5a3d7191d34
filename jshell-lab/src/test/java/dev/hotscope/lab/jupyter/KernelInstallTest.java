package dev.hotscope.lab.jupyter;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.Gson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernelspec: what Jupyter runs, where it is written, and bad options. */
class KernelInstallTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void theKernelspecRunsThisJavaOnTheLabJarWithMessageInterrupts() {
        JsonObject spec = new Gson().fromJson(
            KernelInstall.kernelJson(Path.of("/opt/jdk/bin/java"), Path.of("/opt/hotscope/dist/hotscope-lab.jar")),
            JsonObject.class);

        assertThat(spec.get("argv").getAsJsonArray()).extracting(e -> e.getAsString()).containsExactly(
            "/opt/jdk/bin/java", "-cp", "/opt/hotscope/dist/hotscope-lab.jar", "dev.hotscope.lab.jupyter.LabKernel",
            "{connection_file}");
        assertThat(spec.get("display_name").getAsString()).isEqualTo("hotscope lab (Java)");
        assertThat(spec.get("language").getAsString()).isEqualTo("java");
        assertThat(spec.get("interrupt_mode").getAsString()).isEqualTo("message");
    }

    @Test
    void withAPrefixItWritesUnderShareJupyterKernels(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("hotscope-lab.jar"));

        int exit = KernelInstall.run(List.of("--prefix", dir.resolve("env").toString()), print(out), print(err), jar);

        Path kernelJson = dir.resolve("env/share/jupyter/kernels/hotscope/kernel.json");
        assertThat(exit).as(text(err)).isZero();
        assertThat(Files.readString(kernelJson)).contains(jar.toAbsolutePath().toString(), "LabKernel");
        assertThat(text(out)).contains("installed", kernelJson.getParent().toString());
    }

    @Test
    void printOnlyPrints(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("hotscope-lab.jar"));

        assertThat(KernelInstall.run(List.of("--print", "--prefix", dir.toString()), print(out), print(err), jar)).isZero();
        assertThat(text(out)).contains("\"argv\"", jar.toString());
        assertThat(dir.resolve("share")).doesNotExist();
    }

    @Test
    void anUnknownOptionIsOneLineWithTheUsage() {
        assertThat(KernelInstall.run(List.of("--prefx", "/tmp"), print(out), print(err), Path.of("x.jar"))).isEqualTo(2);
        assertThat(text(err).strip()).doesNotContain("\n").contains("--prefx", "usage:", "--install-kernel");
        assertThat(KernelInstall.run(List.of("--prefix"), print(out), print(err), Path.of("x.jar"))).isEqualTo(2);
    }

    @Test
    void classesOutsideAJarAreRefusedWithWhatToBuild(@TempDir Path classes) {
        assertThat(KernelInstall.run(List.of("--print"), print(out), print(err), classes)).isEqualTo(1);
        assertThat(text(err)).contains("dist/hotscope-lab.jar");
        assertThat(text(out)).isEmpty();
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
