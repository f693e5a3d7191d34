package dev.hotscope.tests.target;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Lines of standard input, read on a daemon thread so the target can fire while it waits for the
 * next command. The end of input (the test went away) reads as {@code exit}.
 */
final class StdinCommands {
    private StdinCommands() {}

    static BlockingQueue<String> start() {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // Treated as the end of input.
            }
            lines.add("exit");
        }, "stdin-commands");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
