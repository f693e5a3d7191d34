package dev.hotscope.tests.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.JavaLaunchers;
import dev.hotscope.tests.support.TracingAssumptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/hotscope lab --pid PID} as a person uses it, in a pseudo-terminal (util-linux's {@code script}):
 * help, tab completion, a live watch ended by Ctrl-C without ending the lab, then more snippets and /exit.
 */
class LabTerminalTest {
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final Pattern ESCAPES = Pattern.compile("\u001B(\\[[0-9;?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78]|\\][^\u0007]*\u0007)");
    /** The lab's prompt, at the start of a line. */
    private static final String PROMPT = "(?m)^lab> ";

    @Test
    void helpTabCompletionWatchAndCtrlCInATerminal(@TempDir Path dir) throws Exception {
        TracingAssumptions.requireRoot();
        Path script = TracingAssumptions.requireTool("script", "install util-linux (bsdutils)");
        Path labJar = LabTarget.dist().resolve("hotscope-lab.jar");
        try (LabTarget workload = LabTarget.start(dir)) {
            // A pty starts 0 columns wide, which JLine cannot draw a prompt in; a terminal window has a size.
            String lab = "stty cols 160 rows 50; exec " + JavaLaunchers.current() + " -jar " + labJar + " --pid " + workload.pid();
            ProcessBuilder builder = new ProcessBuilder(script.toString(), "-qfec", lab, "/dev/null").redirectErrorStream(true);
            builder.environment().put("TERM", "xterm");
            Process process = builder.start();
            Screen screen = new Screen(process.getInputStream());
            try (OutputStream keys = process.getOutputStream()) {
                screen.await("the lab's first prompt", PROMPT);

                type(keys, "help()\n");
                screen.await("help()", "hotscope lab — trace a JVM from JShell");
                screen.await("the prompt after help()", PROMPT);

                type(keys, "sysc\t");
                screen.await("tab completing sysc", "syscalls\\(");
                type(keys, "\u0015"); // Ctrl-U: clear the completed line
                type(keys, "syscalls().thread(\"lab-reader\").watch(ms(500))\n");
                String watching = "watching syscalls of pid " + workload.pid() + ", thread ~ lab-reader for [\\d.]+ s; Ctrl-C returns to the prompt";
                screen.await("a first refresh", watching);
                screen.await("a second refresh", watching);
                assertThat(process.isAlive()).as(screen.transcript()).isTrue();

                type(keys, "\u0003"); // Ctrl-C
                screen.await("the watch stopped by Ctrl-C", "hotscope: stopped by Ctrl-C; kept \\d+ events");
                screen.await("the prompt after Ctrl-C", PROMPT);
                assertThat(process.isAlive()).as("Ctrl-C must not end the lab\n" + screen.transcript()).isTrue();

                type(keys, "1+1\n");
                screen.await("the next snippet's answer", "\\$\\d+ ==> 2");

                type(keys, "/exit\n");
                if (!process.waitFor(STEP.toSeconds(), TimeUnit.SECONDS)) {
                    throw new AssertionError("the lab did not exit after /exit\n" + screen.transcript());
                }
                assertThat(process.exitValue()).as(screen.transcript()).isZero();
            } finally {
                if (process.isAlive()) {
                    process.destroyForcibly();
                }
            }
        }
    }

    private static void type(OutputStream keys, String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** What the terminal showed, escapes removed; waits move a cursor forward through it. */
    private static final class Screen {
        private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        private int cursor;

        Screen(InputStream in) {
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        synchronized (this) {
                            raw.write(buffer, 0, n);
                            notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the terminal closed
                }
            }, "lab-terminal");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until {@code regex} shows after what earlier waits matched, and moves past it. */
        synchronized void await(String what, String regex) throws InterruptedException {
            Pattern p = Pattern.compile(regex);
            long deadline = System.nanoTime() + STEP.toNanos();
            while (true) {
                String text = text();
                Matcher m = p.matcher(text);
                if (m.find(Math.min(cursor, text.length()))) {
                    cursor = m.end();
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the terminal never showed " + what + " (/" + regex + "/) within "
                        + STEP.toSeconds() + " s\n" + transcript());
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, 200_000_000L));
            }
        }

        synchronized String transcript() {
            return "--- terminal transcript (escapes removed):\n" + text() + "\n--- end of transcript";
        }

        private String text() {
            return ESCAPES.matcher(raw.toString(StandardCharsets.UTF_8)).replaceAll("").replace("\r", "");
        }
    }
}
