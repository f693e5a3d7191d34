package dev.hotscope.javaagent.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** What attach and detach share: send, then print the agent's one-line answer. */
final class Agents {
    private Agents() {}

    static int report(CommandSpec spec, String verb, long pid, String options) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String answer;
        try {
            answer = AgentAttacher.send(pid, options);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("pid ")) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            err.println("hotscope " + verb + ": " + e.getMessage());
            return 1;
        }
        if (answer.startsWith("error: ")) {
            err.println("hotscope " + verb + ": pid " + pid + ": " + answer.substring(7));
            return 1;
        }
        out.println("hotscope " + verb + ": pid " + pid + ": " + answer);
        return 0;
    }
}
