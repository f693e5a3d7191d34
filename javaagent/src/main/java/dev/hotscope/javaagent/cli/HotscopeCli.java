package dev.hotscope.javaagent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code hotscope} command, the jar's entry point. */
@Command(name = "hotscope", mixinStandardHelpOptions = true, versionProvider = HotscopeCli.ManifestVersion.class,
    description = "Where did the threads of a JVM lose time? Attach the agent, trace syscalls, list probes.",
    subcommands = {AttachCommand.class, DetachCommand.class, ProbesCommand.class, SyscallsCommand.class,
        DemoCommand.class, ReportCommand.class, SummaryCommand.class})
public final class HotscopeCli implements Runnable {
    @Spec
    private CommandSpec spec;

    /**
     * Runs the command line and exits with its code: the only {@code System.exit} of the agent's jar (the lab's
     * mains, LabMain, LabKernel and WorkloadMain, are processes of their own and never run inside a service).
     *
     * @param args the arguments; not null
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * Builds the command line; parse errors print one line and exit with code 2.
     *
     * @return a new command line, ready for {@link CommandLine#execute}; never null
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new HotscopeCli());
        cli.setParameterExceptionHandler(HotscopeCli::oneLineError);
        return cli;
    }

    /** Without a subcommand there is nothing to do but show what there is. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed: attach, detach, report, summary, probes, syscalls or demo");
    }

    /** Usage text buries the one line that matters; print only it, with where to find help. */
    private static int oneLineError(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        String command = failed.getCommandSpec().qualifiedName();
        failed.getErr().println(command + ": " + e.getMessage() + " (see '" + command + " --help')");
        return CommandLine.ExitCode.USAGE;
    }

    /** The version from the jar manifest's {@code Implementation-Version}, or {@code dev} outside a jar. */
    public static final class ManifestVersion implements IVersionProvider {
        /**
         * Reads the version.
         *
         * @return one line, {@code hotscope VERSION}
         */
        @Override
        public String[] getVersion() {
            String version = HotscopeCli.class.getPackage().getImplementationVersion();
            return new String[] {"hotscope " + (version == null ? "dev" : version)};
        }
    }
}
