package dev.hotscope.tests.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ChildProcess;
import dev.hotscope.tests.support.Timeouts;
import dev.hotscope.tests.support.TracingAssumptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.jshell.EvalException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input in a lab session: each mistake is one line saying what was wrong and what works (JShell shows
 * a refusal without a stack), and the next snippet still runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabBadInputTest {
    private static final String NOBODY = "65534";

    /** The workload's FIFO and fsync file; JUnit removes it after the class. */
    @TempDir
    static Path dir;
    private LabTarget workload;
    private LabSession lab;

    @BeforeAll
    void startWorkloadAndLab() throws Exception {
        TracingAssumptions.requireRoot();
        workload = LabTarget.start(dir);
        lab = LabSession.open(OptionalLong.of(workload.pid()));
    }

    @AfterAll
    void stop() throws IOException {
        if (lab != null) {
            lab.close();
        }
        if (workload != null) {
            workload.close();
        }
    }

    /** After every mistake the session answers, and the workload is the target again. */
    @AfterEach
    void sessionStillWorks() {
        assertThat(lab.value("1 + 1")).isEqualTo("2");
        lab.value("attach(" + workload.pid() + ")");
    }

    @Test
    void deadPidIsRefusedAtAttach() throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        long pid = p.pid();
        p.destroyForcibly().waitFor(Timeouts.EXIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(refusal("attach(" + pid + ")")).isEqualTo("no process " + pid + " is running; `jps` lists JVMs");
        assertThat(refusal("attach(-3)")).contains("positive process id");
    }

    @Test
    void aTargetThatExitedIsNamedByTheNextSource() throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        try {
            LabSession.Result attached = lab.eval("attach(" + p.pid() + ")");
            attached.require();
            assertThat(attached.printed()).contains("is not a JVM");
            assertThat(refusal("inject(\"\")")).contains("needs a HotSpot JVM").contains("pid " + p.pid());
        } finally {
            p.destroyForcibly().waitFor(Timeouts.EXIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        assertThat(refusal("syscalls().take(s(1))"))
            .isEqualTo("pid " + p.pid() + " (sleep 600) has exited; pick another target with attach(pid) or self()");
        assertThat(lab.value("target()")).endsWith(", exited");
    }

    @Test
    void aTargetExitingDuringATakeEndsItWithWhatItSaw() throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        try {
            lab.value("attach(" + p.pid() + ")");
            long started = System.nanoTime();
            CompletableFuture<LabSession.Result> running = lab.startTracing("var seen = syscalls().take(s(12))");
            p.destroyForcibly();
            LabSession.Result taken = LabSession.await(running);
            taken.require();
            assertThat(System.nanoTime() - started).as("ended by the exit, not by the 12 s").isLessThan(8_000_000_000L);
            assertThat(taken.printed()).contains("hotscope: the target (pid " + p.pid() + ") exited");
        } finally {
            p.destroyForcibly().waitFor(Timeouts.EXIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void badRegexUnknownArgumentNullAndBadDurationsSayWhatWorks() {
        assertThat(refusal("syscalls().thread(\"lab-(\")")).contains("is not a regular expression").contains("e.g.");
        assertThat(refusal("syscalls().field(\"nope\", n -> n > 0).take(ms(300))"))
            .contains("has no argument \"nope\"").contains("result");
        assertThat(refusal("syscalls().thread(null)")).contains("give a thread name pattern");
        assertThat(refusal("syscalls().take(Duration.ZERO)")).contains("must be positive");
        assertThat(refusal("syscalls().watch(ms(10))")).contains("at least ms(100)");
        assertThat(refusal("syscalls().minDuration(ms(-1))")).contains("must not be negative");
        assertThat(refusal("new Event(\"s\", \"n\", 0, 0, 1, \"t\", new long[0], List.of(), null).arg(3)"))
            .contains("no argument 3");
        assertThat(refusal("usdt(\"gc__begin\")")).contains("provider:name");
        assertThat(refusal("uprobe(\"malloc\")")).contains("library:symbol");
        assertThat(refusal("tracepoint(\"sched_switch\")")).contains("category:event");
    }

    @Test
    void theUsersOwnExceptionsKeepTheirStackAndAThrowingFilterIsCounted() {
        EvalException own = lab.eval("String nothing = null; nothing.length()").exception();
        assertThat(own).isNotNull();
        assertThat(own.getStackTrace()).as("not the lab's refusal: its stack stays").isNotEmpty();
        LabSession.Result filtered = lab.eval(
            "syscalls().thread(\"lab-reader\").where(e -> { throw new IllegalStateException(\"boom\"); }).take(ms(500))");
        filtered.require();
        assertThat(filtered.printed()).containsPattern("hotscope: a filter threw on \\d+ events, which were dropped: .*boom");
    }

    @Test
    void unknownProbesNameTheNearestOrSayWhatIsMissing() {
        assertThat(refusal("tracepoint(\"sched:sched_swich\").take(s(1))")).contains("sched_switch");
        assertThat(refusal("usdt(\"hotspot:gc__begn\").take(s(1))")).contains("gc__begn");
        assertThat(refusal("uprobe(\"libc:hotscope_no_such_function\").take(s(1))"))
            .contains("hotscope_no_such_function");
        assertThat(refusal("bpftrace(\"this is not bpftrace\", s(5))")).isNotBlank();
    }

    @Test
    void withoutPrivilegesEveryTracingVerbSaysSoInOneLine(@TempDir Path tmp) throws Exception {
        Path setpriv = TracingAssumptions.requireTool("setpriv", "install util-linux");
        Path labJar = tmp.resolve("hotscope-lab.jar");
        Files.copy(LabTarget.dist().resolve("hotscope-lab.jar"), labJar, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(LabTarget.dist().resolve("hotscope.jar"), tmp.resolve("hotscope.jar"), StandardCopyOption.REPLACE_EXISTING);
        openToAll(tmp);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
            "--inh-caps=-all", java, "-Duser.home=" + tmp, "-Djava.util.prefs.userRoot=" + tmp.resolve("prefs"),
            "-jar", labJar.toString());
        try (ChildProcess child = ChildProcess.start("lab-as-nobody", command, Map.of("HOME", tmp.toString()))) {
            try (OutputStream in = child.process().getOutputStream()) {
                String snippets = "attach(" + workload.pid() + ")\n"
                    + "self()\n"
                    + "syscalls().take(s(1))\n"
                    + "1 + 1\n"
                    + "/exit\n";
                in.write(snippets.getBytes(StandardCharsets.UTF_8));
            }
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.describe()).isZero();
            List<String> out = new ArrayList<>(child.stdout().all());
            out.addAll(child.stderr().all());
            List<String> exceptions = out.stream().filter(l -> l.contains("|  Exception ")).toList();
            assertThat(exceptions).as(child.describe()).hasSize(2);
            assertThat(exceptions.get(0)).contains("/proc/" + workload.pid()).contains("run the lab as root");
            assertThat(exceptions.get(1)).containsIgnoringCase("root").contains("BpfPermissionException");
            assertThat(out).as("refusals are one line, without a stack").noneMatch(l -> l.contains("|        at "));
            assertThat(out).as(child.describe()).anyMatch(l -> l.matches(".*\\$\\d+ ==> 2\\s*"));
        }
    }

    /** Runs a snippet that the lab must refuse, and returns the one line JShell shows. */
    private String refusal(String code) {
        EvalException e = lab.eval(code).exception();
        assertThat(e).as("`%s` was refused", code).isNotNull();
        assertThat(e.getStackTrace()).as("`%s`: a refusal is shown without its stack", code).isEmpty();
        assertThat(e.getMessage()).as("`%s`: one line", code).doesNotContain("\n").isNotBlank();
        assertThat(e.getExceptionClassName()).doesNotStartWith("java.lang.Error");
        return e.getMessage();
    }

    private static void openToAll(Path dir) throws IOException {
        try (var all = Files.walk(dir)) {
            all.forEach(p -> {
                p.toFile().setReadable(true, false);
                p.toFile().setWritable(true, false);
                if (Files.isDirectory(p)) {
                    p.toFile().setExecutable(true, false);
                }
            });
        }
    }
}
