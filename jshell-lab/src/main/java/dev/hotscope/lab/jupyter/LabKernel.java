package dev.hotscope.lab.jupyter;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jshell.SourceCodeAnalysis;

/**
 * The Jupyter kernel of the lab ({@code hotscope}): cells are JShell snippets with the lab's
 * vocabulary, run in this JVM; a {@link dev.hotscope.lab.Rich} result shows as HTML. Interrupt ends
 * the waiting lab operation. The kernel exits when Jupyter ({@code JPY_PARENT_PID}) does.
 * Install its kernelspec with {@code bin/hotscope lab --install-kernel}.
 */
public final class LabKernel extends BaseKernel {
    private final LabShell shell;
    private final LanguageInfo languageInfo = new LanguageInfo.Builder("java")
        .version(Runtime.version().toString())
        .mimetype("text/x-java-source")
        .fileExtension(".jshell")
        .pygments("java")
        .codemirror("text/x-java")
        .build();

    private LabKernel(LabShell shell) {
        this.shell = shell;
    }

    /**
     * Runs the kernel until Jupyter shuts it down or exits; then exits this JVM.
     *
     * @param args the connection file Jupyter wrote ({@code {connection_file}} in the kernelspec)
     * @throws Exception if the connection file cannot be read or its ports bound
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: LabKernel CONNECTION_FILE; Jupyter starts it: install the kernel with "
                + "bin/hotscope lab --install-kernel");
            System.exit(2);
        }
        KernelConnectionProperties connection = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        ParentWatch.start(System.getenv("JPY_PARENT_PID"));
        int status = 0;
        try (LabShell shell = LabShell.start()) {
            serve(new LabKernel(shell), connection);
        } catch (RuntimeException e) {
            System.err.println("hotscope kernel: " + e.getMessage());
            status = 1;
        }
        // Threads a notebook started (workloads' readers, tracers) must not keep the kernel alive.
        System.exit(status);
    }

    private static void serve(LabKernel kernel, KernelConnectionProperties properties) throws Exception {
        JupyterConnection connection = new JupyterConnection(properties);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
    }

    /**
     * Runs a cell. Never lets a throwable through other than as a cell error, so no cell kills the kernel.
     *
     * @throws CellError if a snippet does not compile, throws, or is interrupted
     */
    @Override
    public DisplayData eval(String cell) throws Exception {
        try {
            return Display.of(shell.run(cell));
        } catch (CellError e) {
            throw e;
        } catch (Throwable t) {
            throw new CellError(ErrorText.internal(t));
        } finally {
            System.out.flush();
            System.err.flush();
        }
    }

    /** Formats a cell error as its own lines: one for a lab refusal, never the kernel's stack. */
    @Override
    public List<String> formatError(Exception e) {
        List<String> lines = e instanceof CellError cell ? cell.lines() : ErrorText.internal(e);
        List<String> styled = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            styled.add(i == 0 ? errorStyler.secondary(lines.get(i)) : lines.get(i));
        }
        return styled;
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        return "hotscope lab (Java " + Runtime.version().feature() + "): type help() for the vocabulary";
    }

    @Override
    public void interrupt() {
        shell.interrupt();
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        Set<String> options = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : shell.analysis().completionSuggestions(code, at, anchor)) {
            options.add(s.continuation());
        }
        return new ReplacementOptions(new ArrayList<>(options), anchor[0], at);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<SourceCodeAnalysis.Documentation> docs = shell.analysis().documentation(code, at, true);
        if (docs.isEmpty()) {
            return null;
        }
        return new DisplayData(docs.stream()
            .map(d -> d.javadoc() == null || d.javadoc().isBlank() ? d.signature() : d.signature() + "\n" + d.javadoc())
            .collect(Collectors.joining("\n\n")));
    }

    @Override
    public String isComplete(String code) {
        return switch (shell.analysis().analyzeCompletion(code).completeness()) {
            case DEFINITELY_INCOMPLETE -> "    ";
            case CONSIDERED_INCOMPLETE, UNKNOWN -> IS_COMPLETE_MAYBE;
            default -> IS_COMPLETE_YES;
        };
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        shell.interrupt();
    }
}
