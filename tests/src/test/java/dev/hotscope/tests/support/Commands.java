package dev.hotscope.tests.support;

import java.util.List;
import java.util.Map;

/** Runs a short external command to completion. */
public final class Commands {
    private Commands() {}

    /**
     * The outcome of a command.
     *
     * @param exitCode its exit code
     * @param stdout raw lines (one char per byte)
     * @param description the command and its output, for failure messages
     */
    public record Result(int exitCode, List<String> stdout, String description) {
        /**
         * Requires exit code 0.
         *
         * @return this result
         * @throws AssertionError naming the command and showing its output otherwise
         */
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("command failed with exit code " + exitCode + "\n" + description);
            }
            return this;
        }
    }

    /**
     * Runs a command, bounded by {@link Timeouts#COMMAND}.
     *
     * @param command the command line
     * @return its exit code and output
     * @throws InterruptedException if interrupted
     */
    public static Result run(List<String> command) throws InterruptedException {
        try (ChildProcess child = ChildProcess.start(command.get(0), command, Map.of())) {
            child.process().getOutputStream().close();
            int exitCode = child.awaitExit(Timeouts.COMMAND);
            return new Result(exitCode, child.stdout().all(), child.describe());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
