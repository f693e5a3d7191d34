package dev.hotscope.lab.jupyter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;

/**
 * How a failed snippet reads in the notebook: short and without the kernel's insides. A lab refusal
 * (its stack was cleared by the engine) is its message alone, one line; a user's exception is its
 * class, message and the user's own frames; a compile error is javac's message and the line with a caret.
 */
final class ErrorText {
    /** Frames shown of a user's exception, before "... N more". */
    static final int MAX_FRAMES = 12;

    private ErrorText() {
    }

    /** Lines for a snippet that did not compile. */
    static List<String> rejected(String source, List<Diag> diagnostics) {
        List<String> lines = new ArrayList<>();
        for (Diag diag : diagnostics) {
            if (!diag.isError()) {
                continue;
            }
            List<String> message = diag.getMessage(Locale.ROOT).lines().toList();
            for (int i = 0; i < message.size(); i++) {
                lines.add(i == 0 ? "error: " + message.get(i) : "    " + message.get(i).strip());
            }
            lines.addAll(pointAt(source, diag.getStartPosition(), diag.getEndPosition()));
        }
        if (lines.isEmpty()) {
            lines.add("error: this does not compile: " + firstLine(source));
        }
        return lines;
    }

    /** The source line holding {@code start} and a caret under the span, when the position is known. */
    static List<String> pointAt(String source, long start, long end) {
        if (start < 0 || start > source.length()) {
            return List.of();
        }
        int from = source.lastIndexOf('\n', (int) Math.max(0, start - 1)) + 1;
        if (start == 0) {
            from = 0;
        }
        int to = source.indexOf('\n', (int) start);
        String line = source.substring(from, to < 0 ? source.length() : to);
        int column = (int) start - from;
        int width = (int) Math.max(1, Math.min(end, from + line.length()) - start);
        return List.of("    " + line, "    " + " ".repeat(column) + "^".repeat(width));
    }

    /** Lines for an exception a snippet threw. */
    static List<String> thrown(JShell shell, Throwable t) {
        if (t instanceof UnresolvedReferenceException unresolved) {
            return List.of(unresolved(shell, unresolved));
        }
        if (t instanceof EvalException e && e.getStackTrace().length == 0) {
            return List.of(message(e.getMessage(), e.getExceptionClassName()));
        }
        List<String> lines = new ArrayList<>();
        describe(t, "", lines);
        for (Throwable cause = t.getCause(); cause != null && lines.size() < 4 * MAX_FRAMES; cause = cause.getCause()) {
            describe(cause, "Caused by: ", lines);
        }
        return lines;
    }

    private static String unresolved(JShell shell, UnresolvedReferenceException e) {
        String missing = shell.unresolvedDependencies(e.getSnippet()).collect(Collectors.joining(", "));
        return "error: " + kind(e.getSnippet()) + " " + e.getSnippet().name()
            + " cannot be used until " + (missing.isEmpty() ? "what it refers to" : missing) + " is declared";
    }

    private static void describe(Throwable t, String prefix, List<String> lines) {
        String className = t instanceof EvalException e ? e.getExceptionClassName() : t.getClass().getName();
        String message = t.getMessage();
        lines.add(prefix + className + (message == null || message.isBlank() ? "" : ": " + oneLine(message)));
        StackTraceElement[] stack = t.getStackTrace();
        int shown = 0;
        for (StackTraceElement frame : stack) {
            if (isMachinery(frame)) {
                break;
            }
            if (shown == MAX_FRAMES) {
                lines.add("    ... " + (stack.length - shown) + " more");
                break;
            }
            lines.add("    at " + frame(frame));
            shown++;
        }
    }

    /** Where JShell's wrapper was called from: reflection and the execution engine, nothing of the user's. */
    private static boolean isMachinery(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.")
            || c.startsWith("jdk.jshell.") || c.startsWith("dev.hotscope.lab.internal.LabExecutionControl");
    }

    /** A snippet's frame reads as JShell's own ({@code (#3:1)}: snippet 3, line 1); others as usual. */
    private static String frame(StackTraceElement frame) {
        if (frame.getClassName().startsWith("REPL.") && frame.getFileName() != null) {
            String method = frame.getMethodName();
            return (method.equals("do_it$") ? "" : method) + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")";
        }
        return frame.toString();
    }

    /** A one-line message, or the exception's simple class name when it has none. */
    static String message(String message, String className) {
        if (message == null || message.isBlank()) {
            return className.substring(className.lastIndexOf('.') + 1);
        }
        return oneLine(message);
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    static String firstLine(String source) {
        String stripped = source.strip();
        int newline = stripped.indexOf('\n');
        return newline < 0 ? stripped : stripped.substring(0, newline) + " ...";
    }

    /** Lines for a failure of the kernel itself while running a cell: it stays up, the cell fails. */
    static List<String> internal(Throwable t) {
        List<String> lines = new ArrayList<>();
        lines.add("the kernel failed running this cell: " + t);
        for (StackTraceElement frame : t.getStackTrace()) {
            if (lines.size() > MAX_FRAMES) {
                break;
            }
            lines.add("    at " + frame);
        }
        return lines;
    }

    /** Snippet kinds read as the user wrote them (e.g. "method", "class"). */
    static String kind(Snippet snippet) {
        return snippet.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
