package dev.hotscope.tests.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a process and the kernel hold that the agent could leave behind: BPF programs, maps and
 * links the process holds fds of (from {@code /proc/PID/fdinfo}), hotscope's programs ({@code hs_*})
 * anywhere in the kernel, uprobes, fds and threads. Other tracers on the machine do not count.
 */
record KernelLeftovers(Set<Long> programs, List<String> bpfFds, List<String> uprobes, int fds,
                       List<String> threads) {
    private static final Pattern OUR_PROGRAM = Pattern.compile("^(\\d+): \\S+\\s+name (hs_\\S*)", Pattern.MULTILINE);
    private static final Pattern BPF_ID = Pattern.compile("^(prog_id|map_id|link_id):\\s*(\\d+)", Pattern.MULTILINE);

    static KernelLeftovers of(long pid) throws IOException, InterruptedException {
        return new KernelLeftovers(ourPrograms(), bpfFds(pid), readUprobes(), countFds(pid), readThreads(pid));
    }

    /**
     * Like {@link #newSince}, read again for up to 5 s while anything is left: the kernel frees a
     * closed program or map after an RCU grace period, and JFR closes its chunk files a little later.
     */
    static List<String> leftSince(long pid, KernelLeftovers before, int fdSlack)
        throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> left = of(pid).newSince(before, fdSlack);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = of(pid).newSince(before, fdSlack);
        }
        return left;
    }

    /** What is here now and was not in {@code before}, one line each; empty when nothing leaked. */
    List<String> newSince(KernelLeftovers before, int fdSlack) {
        List<String> leaks = new ArrayList<>();
        diff("BPF program", programs, before.programs, leaks);
        for (String fd : bpfFds) {
            if (!before.bpfFds.contains(fd)) {
                leaks.add("fd of " + fd);
            }
        }
        for (String u : uprobes) {
            if (!before.uprobes.contains(u)) {
                leaks.add("uprobe " + u);
            }
        }
        if (fds > before.fds + fdSlack) {
            leaks.add("file descriptors: " + fds + " now, " + before.fds + " before");
        }
        for (String t : threads) {
            if (t.startsWith("hotscope")) {
                leaks.add("thread " + t);
            }
        }
        return leaks;
    }

    private static void diff(String what, Set<Long> now, Set<Long> before, List<String> leaks) {
        for (Long id : now) {
            if (!before.contains(id)) {
                leaks.add(what + " id " + id);
            }
        }
    }

    private static Set<Long> ourPrograms() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bpftool", "prog", "show").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        Set<Long> ids = new TreeSet<>();
        Matcher m = OUR_PROGRAM.matcher(out);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    /** The BPF objects the process holds fds of, e.g. {@code map_id 42}. */
    private static List<String> bpfFds(long pid) throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> infos = Files.list(Path.of("/proc", Long.toString(pid), "fdinfo"))) {
            for (Path info : (Iterable<Path>) infos::iterator) {
                String text;
                try {
                    text = Files.readString(info);
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                Matcher m = BPF_ID.matcher(text);
                if (m.find()) {
                    ids.add(m.group(1) + " " + m.group(2));
                }
            }
        }
        return ids;
    }

    private static List<String> readUprobes() throws IOException {
        Path events = Path.of("/sys/kernel/tracing/uprobe_events");
        return Files.exists(events) ? Files.readAllLines(events) : List.of();
    }

    private static int countFds(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        }
    }

    private static List<String> readThreads(long pid) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    names.add(Files.readString(task.resolve("comm")).trim());
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return names;
    }
}
