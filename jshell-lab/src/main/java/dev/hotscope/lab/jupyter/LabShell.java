package dev.hotscope.lab.jupyter;

import dev.hotscope.lab.internal.LabExecutionProvider;
import dev.hotscope.lab.internal.LabJar;
import dev.hotscope.lab.internal.Startup;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.VarSnippet;

/**
 * The lab's JShell as a notebook uses it: a cell is split into snippets and run in order until one
 * fails; the last snippet's value is the cell's result. Runs snippets in this JVM through the lab's
 * engine, which also turns an interrupt into the end of the waiting lab operation.
 */
final class LabShell implements AutoCloseable {
    private static final Set<String> PRIMITIVES = Set.of("boolean", "byte", "char", "short", "int", "long",
        "float", "double", "void");

    private final JShell shell;
    private final AtomicBoolean interrupted = new AtomicBoolean();

    private LabShell(JShell shell) {
        this.shell = shell;
    }

    /**
     * Starts a JShell on the lab's engine with the lab's class path and startup snippets.
     *
     * @throws IllegalStateException if a startup snippet fails (the class path lacks the lab)
     */
    static LabShell start() {
        JShell shell = JShell.builder().executionEngine(new LabExecutionProvider(), Map.of()).build();
        classPath().forEach(shell::addToClasspath);
        LabShell lab = new LabShell(shell);
        try {
            lab.run(Startup.script(OptionalLong.empty()));
        } catch (CellError e) {
            lab.close();
            throw new IllegalStateException("the lab's startup failed: " + String.join(" ", e.lines()));
        }
        return lab;
    }

    /** The lab jar and everything on this JVM's class path: snippets compile against what the kernel runs. */
    private static List<String> classPath() {
        Set<String> entries = new LinkedHashSet<>();
        Path lab = LabJar.location();
        if (lab != null) {
            entries.add(lab.toString());
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return new ArrayList<>(entries);
    }

    /**
     * Runs a cell: each snippet in order, stopping at the first that fails.
     *
     * @param cell Java source, any number of snippets; not null
     * @return the value of the last snippet, or null when it has none (a statement, a declaration, void)
     * @throws CellError if a snippet does not compile or throws, or the cell was interrupted with snippets left
     */
    Value run(String cell) throws CellError {
        interrupted.set(false);
        List<String> snippets = split(shell.sourceCodeAnalysis(), cell);
        Value value = null;
        for (int i = 0; i < snippets.size(); i++) {
            value = evaluate(snippets.get(i));
            int left = snippets.size() - i - 1;
            // An interrupted lab operation returns what it collected: worth showing when it is the result.
            if (interrupted.get() && (left > 0 || value == null)) {
                throw new CellError("interrupted" + (left == 0 ? "" : "; the cell's last " + left + " snippet(s) did not run"));
            }
        }
        return value;
    }

    /**
     * Splits a cell into the snippets JShell takes one at a time. A trailing incomplete or unparsable
     * piece is kept whole, so evaluating it reports the error.
     */
    static List<String> split(SourceCodeAnalysis analysis, String cell) {
        List<String> snippets = new ArrayList<>();
        String rest = cell;
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                break;
            }
            if (!completeness.isComplete() || info.source() == null) {
                snippets.add(rest);
                break;
            }
            snippets.add(info.source());
            rest = info.remaining();
        }
        return snippets;
    }

    private Value evaluate(String source) throws CellError {
        SnippetEvent event = primary(shell.eval(source), source);
        Snippet snippet = event.snippet();
        if (event.status() == Snippet.Status.REJECTED) {
            throw new CellError(ErrorText.rejected(source, shell.diagnostics(snippet).toList()));
        }
        if (event.exception() != null) {
            throw new CellError(ErrorText.thrown(shell, event.exception()));
        }
        if (!showsValue(snippet) || event.value() == null) {
            return null;
        }
        return new Value(event.value(), fetch(snippet));
    }

    /** The event about the snippet itself, not the ones about snippets it updated. */
    private static SnippetEvent primary(List<SnippetEvent> events, String source) throws CellError {
        for (SnippetEvent event : events) {
            if (event.causeSnippet() == null) {
                return event;
            }
        }
        throw new CellError("error: JShell did not take this snippet: " + ErrorText.firstLine(source));
    }

    /** Expressions show their value, as in a Python notebook; declarations and assignments do not. */
    private static boolean showsValue(Snippet snippet) {
        return switch (snippet.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND, VAR_VALUE_SUBKIND -> true;
            default -> false;
        };
    }

    /** The value as an object (JShell only gives its text), through a hidden snippet; null for primitives. */
    private Object fetch(Snippet snippet) {
        String name;
        String type;
        if (snippet instanceof VarSnippet var) {
            name = var.name();
            type = var.typeName();
        } else if (snippet instanceof ExpressionSnippet expression) {
            name = expression.name();
            type = expression.typeName();
        } else {
            return null;
        }
        if (PRIMITIVES.contains(type)) {
            return null;
        }
        CellValue.take();
        List<SnippetEvent> events = shell.eval(CellValue.class.getName() + ".hold(" + name + ");");
        boolean held = events.stream().allMatch(e -> e.status() != Snippet.Status.REJECTED && e.exception() == null);
        return held ? CellValue.take() : null;
    }

    /**
     * Stops the running snippet: a waiting lab operation ends and returns what it has; other code is
     * stopped by JShell. The rest of the cell does not run.
     */
    void interrupt() {
        interrupted.set(true);
        shell.stop();
    }

    /** JShell's completion and documentation, for the kernel's completion and inspection. */
    SourceCodeAnalysis analysis() {
        return shell.sourceCodeAnalysis();
    }

    @Override
    public void close() {
        shell.close();
    }

    /**
     * A snippet's value.
     *
     * @param text JShell's rendering of it
     * @param object the value itself, or null when it is a primitive, null, or could not be fetched
     */
    record Value(String text, Object object) {
    }
}
