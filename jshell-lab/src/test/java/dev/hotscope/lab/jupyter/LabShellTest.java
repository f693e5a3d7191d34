package dev.hotscope.lab.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The kernel's JShell without Jupyter: splitting cells, the values shown, and how failures read. */
class LabShellTest {
    private static LabShell shell;

    @BeforeAll
    static void start() {
        shell = LabShell.start();
    }

    @AfterAll
    static void close() {
        shell.close();
    }

    @Test
    void splitsACellIntoSnippetsWithTheirComments() throws CellError {
        String cell = "int a = 1;\n// a comment\nint b = a + 1;\n\nint f() {\n  return b;\n}\nf()\n// trailing\n";

        assertThat(LabShell.split(shell.analysis(), cell)).extracting(String::strip).containsExactly(
            "int a = 1;", "// a comment\nint b = a + 1;", "int f() {\n  return b;\n}", "f()\n// trailing");
        assertThat(shell.run(cell).text()).isEqualTo("2");
    }

    @Test
    void keepsAnIncompleteTailWholeSoEvaluatingItReportsTheError() {
        assertThat(LabShell.split(shell.analysis(), "int c = 1;\nint d = 1 +")).extracting(String::strip)
            .containsExactly("int c = 1;", "int d = 1 +");
        assertThat(LabShell.split(shell.analysis(), "  \n// only a comment\n")).isEmpty();
    }

    @Test
    void theLastExpressionIsTheCellsValueAndDeclarationsShowNothing() throws CellError {
        assertThat(shell.run("int x = 3;\nx + 4").text()).isEqualTo("7");
        assertThat(shell.run("int y = 5;")).isNull();
        assertThat(shell.run("String s = \"abc\";\ns").object()).isEqualTo("abc");
        assertThat(shell.run("System.out.print(\"\")")).as("void").isNull();
    }

    @Test
    void theStartupImportedTheVocabulary() throws CellError {
        assertThat(shell.run("ms(250)").object()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aRichValueShowsAsHtmlAndText() throws CellError {
        DisplayData display = Display.of(shell.run(
            "new Table(\"answers\", List.of(\"name\", \"count\"), List.of(List.of(\"forty-two\", 42L)), 0)"));

        assertThat((String) display.getData(MIMEType.TEXT_HTML)).contains("<table", "forty-two");
        assertThat((String) display.getData(MIMEType.TEXT_PLAIN)).contains("answers", "forty-two", "42");
    }

    @Test
    void anOrdinaryValueShowsAsJShellsText() throws CellError {
        DisplayData display = Display.of(shell.run("List.of(1, 2)"));

        assertThat(display.getData(MIMEType.TEXT_PLAIN)).isEqualTo("[1, 2]");
        assertThat(display.hasDataForType(MIMEType.TEXT_HTML)).isFalse();
    }

    @Test
    void aCompileErrorNamesTheProblemAndPointsAtIt() {
        CellError error = catchThrowableOfType(CellError.class, () -> shell.run("int z = \"text\";"));

        assertThat(error.lines().get(0)).startsWith("error: incompatible types");
        assertThat(error.lines()).contains("    int z = \"text\";", "            ^^^^^^");
    }

    @Test
    void aLabRefusalIsItsMessageAloneOnOneLine() {
        CellError error = catchThrowableOfType(CellError.class,
            () -> shell.run("dev.hotscope.lab.workload.Workload.start(\"nope\")"));

        assertThat(error.lines()).containsExactly(
            "no workload \"nope\"; use one of gc-and-io, lock-contention, http-service");
    }

    @Test
    void aUsersExceptionShowsItsClassMessageAndTheSnippetsFramesOnly() {
        CellError error = catchThrowableOfType(CellError.class,
            () -> shell.run("void boom() { throw new IllegalStateException(\"boom\"); }\nboom()"));

        assertThat(error.lines().get(0)).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(error.lines().subList(1, error.lines().size())).isNotEmpty()
            .allSatisfy(line -> assertThat(line).matches("    at \\w*\\(#\\d+:\\d+\\)"));
    }

    @Test
    void callingAMethodWhoseDependencyIsMissingNamesIt() throws CellError {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThat(shell.run("void later() { notYetDeclared(); }")).isNull();
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
            .startsWith("note: method later cannot be used until").contains("notYetDeclared");

        CellError error = catchThrowableOfType(CellError.class, () -> shell.run("later()"));

        assertThat(error.lines()).singleElement().asString()
            .startsWith("error: method later cannot be used until").contains("notYetDeclared");
    }

    @Test
    void aFailingSnippetStopsTheRestOfTheCell() throws CellError {
        shell.run("int counter = 0;");

        assertThatThrownBy(() -> shell.run("counter++;\nInteger.parseInt(\"x\");\ncounter++;")).isInstanceOf(CellError.class);
        assertThat(shell.run("counter").text()).isEqualTo("1");
    }

    @Test
    void anErrorThrownBySnippetIsACellErrorAndTheShellGoesOn() throws CellError {
        CellError error = catchThrowableOfType(CellError.class, () -> shell.run("void deep() { deep(); }\ndeep()"));

        assertThat(error.lines().get(0)).isEqualTo("java.lang.StackOverflowError");
        assertThat(error.lines()).hasSizeLessThanOrEqualTo(ErrorText.MAX_FRAMES + 2);
        assertThat(shell.run("1 + 1").text()).isEqualTo("2");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anInterruptStopsTheCellAndSkipsItsRest() throws Exception {
        shell.run("int after = 0;");
        CompletableFuture<Object> cell = CompletableFuture.supplyAsync(() -> {
            try {
                return shell.run("Thread.sleep(600_000);\nafter = 1;");
            } catch (CellError e) {
                return e;
            }
        });
        while (!cell.isDone()) {
            shell.interrupt();
            Thread.sleep(200);
        }

        assertThat(cell.get()).isInstanceOfSatisfying(CellError.class,
            e -> assertThat(e.lines().get(0)).startsWith("interrupted"));
        assertThat(shell.run("after").text()).isEqualTo("0");
    }
}
