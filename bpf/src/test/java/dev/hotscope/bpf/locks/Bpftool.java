package dev.hotscope.bpf.locks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What {@code bpftool KIND show} still lists of some kernel object ids. */
final class Bpftool {
    private static final Pattern ID = Pattern.compile("^(\\d+): ");

    private Bpftool() {}

    /**
     * The lines of {@code bpftool KIND show} whose id is one of ours.
     *
     * @throws AssertionError if bpftool cannot be run
     */
    static List<String> leftover(String kind, Collection<Long> ours) {
        String out = run(kind, "show");
        return out.lines().filter(line -> {
            Matcher id = ID.matcher(line);
            return id.find() && ours.contains(Long.parseLong(id.group(1)));
        }).collect(Collectors.toList());
    }

    private static String run(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bpftool"));
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
