package dev.hotscope.bpf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What {@code bpftool KIND show} still lists of some kernel object ids: the tests' leak check. */
public final class Bpftool {
    private static final Pattern ID = Pattern.compile("^(\\d+): ");
    private static final Pattern PROG = Pattern.compile(" prog (\\d+)");

    private Bpftool() {}

    /** Whether {@code bpftool version} runs. */
    public static boolean available() {
        try {
            run("version");
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /**
     * The lines of {@code bpftool KIND show} whose id is one of ours.
     *
     * @throws AssertionError if bpftool cannot be run
     */
    public static List<String> leftover(String kind, Collection<Long> ours) {
        return lines("show", kind, ID, ours);
    }

    /**
     * The lines of {@code bpftool link show} that attach one of these programs.
     *
     * @throws AssertionError if bpftool cannot be run
     */
    public static List<String> linksOf(Collection<Long> programs) {
        return lines("show", "link", PROG, programs);
    }

    private static List<String> lines(String verb, String kind, Pattern idPattern, Collection<Long> ids) {
        return run(kind, verb).lines().filter(line -> {
            Matcher id = idPattern.matcher(line);
            return id.find() && ids.contains(Long.parseLong(id.group(1)));
        }).collect(Collectors.toList());
    }

    private static String run(String... args) {
        List<String> command = new ArrayList<>(List.of("bpftool"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run bpftool: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
