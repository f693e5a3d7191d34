package dev.hotscope.tests.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.lab.internal.LabExecutionProvider;
import dev.hotscope.lab.internal.Startup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * A lab session driven through the JShell API as the terminal drives it: the lab's execution engine, its
 * startup script, then snippets as text. What the snippets print to System.out is captured per snippet.
 */
final class LabSession implements AutoCloseable {
    private static final Duration EVAL_LIMIT = Duration.ofSeconds(60);

    private final JShell shell;
    private final PrintStream originalOut;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    /**
     * What one snippet did.
     *
     * @param code the snippet
     * @param value its value as JShell displays it, or null
     * @param exception what it threw, or null
     * @param errors compile errors, empty when it compiled
     * @param printed what it printed to System.out
     */
    record Result(String code, String value, EvalException exception, List<String> errors, String printed) {
        /** The value, failing with everything known when the snippet did not complete normally. */
        String require() {
            assertThat(errors).as("compile errors of `%s`", code).isEmpty();
            if (exception != null) {
                throw new AssertionError("`" + code + "` threw " + exception.getExceptionClassName() + ": "
                    + exception.getMessage() + "\nprinted:\n" + printed, exception);
            }
            return value;
        }
    }

    private LabSession(JShell shell, PrintStream originalOut) {
        this.shell = shell;
        this.originalOut = originalOut;
    }

    /**
     * Opens a session with the lab's engine and startup, the agent jar taken from this worktree's dist/.
     *
     * @param pid the target to attach at startup, or empty
     */
    static LabSession open(OptionalLong pid) {
        System.setProperty("hotscope.agent.jar", LabTarget.dist().resolve("hotscope.jar").toString());
        PrintStream original = System.out;
        JShell shell = JShell.builder().executionEngine(new LabExecutionProvider(), Map.of())
            .compilerOptions("--class-path", labClassPath()).build();
        LabSession session = new LabSession(shell, original);
        System.setOut(new PrintStream(new Tee(original, session.printed), true, StandardCharsets.UTF_8));
        for (String line : Startup.script(pid).split("\n")) {
            session.eval(line).require();
        }
        return session;
    }

    /** Evaluates one snippet and waits for it. */
    Result eval(String code) {
        synchronized (printed) {
            printed.reset();
        }
        List<SnippetEvent> events = new java.util.ArrayList<>();
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(rest);
            if (!info.completeness().isComplete()) {
                events.addAll(shell.eval(rest)); // JShell reports what is missing
                break;
            }
            events.addAll(shell.eval(info.source()));
            rest = info.remaining();
        }
        String out;
        synchronized (printed) {
            out = printed.toString(StandardCharsets.UTF_8);
        }
        String value = null;
        EvalException thrown = null;
        List<String> errors = new java.util.ArrayList<>();
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue; // an update of another snippet
            }
            if (e.exception() instanceof EvalException ee) {
                thrown = ee;
            } else if (e.exception() != null) {
                throw new AssertionError("JShell failed on `" + code + "`", e.exception());
            }
            if (e.status() == Snippet.Status.REJECTED) {
                errors.addAll(shell.diagnostics(e.snippet()).map(d -> d.getMessage(java.util.Locale.ROOT)).collect(Collectors.toList()));
                errors.add("(rejected)");
            }
            if (e.value() != null) {
                value = e.value();
            }
        }
        return new Result(code, value, thrown, errors, out);
    }

    /** Evaluates a snippet that must complete normally and returns its value. */
    String value(String code) {
        return eval(code).require();
    }

    /** Evaluates an expression of an integral type. */
    long number(String code) {
        return Long.parseLong(value(code).strip());
    }

    /** Evaluates an expression that must be true. */
    void check(String code) {
        assertThat(value(code)).as("`%s`", code).isEqualTo("true");
    }

    /**
     * Checks the durations of the events in variable {@code events}: none a second or longer, and at least
     * three in four from {@code fromMillis} to {@code toMillis} (a thread held up once, by a safepoint say,
     * finds its next byte already written and reads it at once).
     */
    void durationsMostlyWithin(String events, int fromMillis, int toMillis) {
        String outside = events + ".where(e -> e.durationMillis() < " + fromMillis + " || e.durationMillis() >= " + toMillis + ")";
        assertThat(number(events + ".where(e -> e.durationMillis() >= 1000).size()")).as(value(outside)).isZero();
        assertThat(number(outside + ".size()") * 4).as(value(outside)).isLessThanOrEqualTo(number(events + ".size()"));
    }

    /** Starts evaluating a snippet on another thread, as a user's snippet runs while they look at the screen. */
    CompletableFuture<Result> start(String code) {
        return CompletableFuture.supplyAsync(() -> eval(code));
    }

    /** Waits for a started snippet. */
    static Result await(CompletableFuture<Result> running) throws InterruptedException {
        try {
            return running.get(EVAL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the snippet failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the snippet did not end in " + EVAL_LIMIT.toSeconds() + " s");
        }
    }

    /** Ctrl-C, as the terminal sends it. */
    void stop() {
        shell.stop();
    }

    /**
     * Starts a snippet that traces, waits until its probes are attached (new BPF links or perf events among
     * this JVM's file descriptors, stable for a moment), and returns it running.
     */
    CompletableFuture<Result> startTracing(String code) throws InterruptedException {
        int before = attachments(ProcessHandle.current().pid());
        CompletableFuture<Result> running = start(code);
        awaitAttachments(ProcessHandle.current().pid(), before, running);
        return running;
    }

    /** Waits until {@code pid} holds more BPF links or perf events than {@code before}, and they stopped growing. */
    static void awaitAttachments(long pid, int before, CompletableFuture<?> unlessDone) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int seen = before;
        long stableSince = 0;
        while (System.nanoTime() < deadline) {
            if (unlessDone != null && unlessDone.isDone()) {
                return; // it failed or ended; the caller's assertions show why
            }
            int now = attachments(pid);
            if (now != seen) {
                seen = now;
                stableSince = System.nanoTime();
            } else if (seen > before && System.nanoTime() - stableSince > 300_000_000L) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no BPF program was attached within 30 s (pid " + pid + ")");
    }

    /** How many BPF links and perf events {@code pid} holds open. */
    static int attachments(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.map(LabSession::target).filter(t -> t.contains("bpf_link") || t.contains("bpf-link")
                || t.contains("perf_event")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        shell.close();
    }

    /** The class path the lab's classes are loaded from in this JVM, for compiling snippets against. */
    private static String labClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Writes to the real stdout and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final ByteArrayOutputStream second;

        Tee(OutputStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            synchronized (second) {
                second.write(b, off, len);
            }
        }
    }
}
