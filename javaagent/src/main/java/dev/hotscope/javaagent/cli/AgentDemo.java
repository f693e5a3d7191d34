package dev.hotscope.javaagent.cli;

import dev.hotscope.demo.DemoService;
import dev.hotscope.javaagent.internal.Durations;
import dev.hotscope.jfr.report.Report;
import dev.hotscope.jfr.report.ReportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The agent part of the demo: runs {@link DemoService} with {@code -javaagent:hotscope.jar}, then
 * reads the recording the agent wrote and prints, per event type, how many and the worst one.
 */
final class AgentDemo {
    private static final String SERVICE = DemoService.class.getName();
    private static final String OPTIONS = "syscall=10ms,lock=5ms,offcpu=20ms,runq=5ms,gc,probe=" + SERVICE
        + "#handle,span=10ms,duration=5s";
    private static final List<String> EXPECTED = List.of("hotscope.LockWait", "hotscope.OffCpu",
        "hotscope.RunQueueLatency", "hotscope.GcPause", "hotscope.SyscallLatency", "hotscope.MethodSpan");

    private final PrintWriter out;
    private final PrintWriter err;

    AgentDemo(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the service under the agent and prints the findings; false if an expected event type is missing. */
    boolean run(Path file) throws IOException, InterruptedException {
        Path jar = AgentAttacher.agentJar();
        Path classes = serviceClasses();
        Files.deleteIfExists(file);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-javaagent:" + jar + "=" + OPTIONS + ",file=" + file.toAbsolutePath(),
            "-XX:+PreserveFramePointer", "-XX:+UseG1GC", "-Xmx128m", "-cp", classes.toString(), SERVICE, "6");
        out.println();
        out.println("hotscope demo: a service with lock contention, fsync, GC churn and more runnable threads than CPUs,");
        out.println("  run with -javaagent:" + jar + "=" + OPTIONS);
        out.flush();
        Process service = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> agentLines = new ArrayList<>();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(service.getInputStream()))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("hotscope: ")) {
                    agentLines.add(line);
                    out.println("  " + line);
                    out.flush();
                }
            }
        }
        if (!service.waitFor(60, TimeUnit.SECONDS)) {
            service.destroyForcibly();
            err.println("hotscope demo: the service did not exit");
            return false;
        }
        deleteTree(classes);
        if (!Files.isRegularFile(file)) {
            err.println("hotscope demo: the agent wrote no recording; its lines are above");
            return false;
        }
        return summarize(file, RecordingFile.readAllEvents(file));
    }

    /** The HTML report beside the recording: the demo shows every way of looking at it. */
    private void writeReport(Path file) {
        String name = file.getFileName().toString();
        Path html = file.resolveSibling(name.endsWith(".jfr") ? name.substring(0, name.length() - 4) + ".html" : name + ".html");
        try {
            String outcome = Report.writeHtml(file, html);
            out.println("Report for a browser (works offline): " + html + " (" + outcome + ")");
        } catch (ReportException e) {
            err.println("hotscope demo: no report: " + e.getMessage());
        }
    }

    private boolean summarize(Path file, List<RecordedEvent> events) {
        Map<String, List<RecordedEvent>> byType = new LinkedHashMap<>();
        for (String type : EXPECTED) {
            byType.put(type, new ArrayList<>());
        }
        for (RecordedEvent e : events) {
            String type = e.getEventType().getName();
            if (byType.containsKey(type)) {
                byType.get(type).add(e);
            }
        }
        out.println();
        out.printf("hotscope demo: %s: %d events; per kind, the longest on the service's threads:%n", file,
            events.size());
        boolean complete = true;
        for (Map.Entry<String, List<RecordedEvent>> entry : byType.entrySet()) {
            List<RecordedEvent> list = entry.getValue();
            complete &= !list.isEmpty();
            out.printf(Locale.ROOT, "  %-25s %6d  %s%n", entry.getKey(), list.size(),
                list.stream().filter(AgentDemo::aboutTheService).max(Comparator.comparing(AgentDemo::length))
                    .map(AgentDemo::describe).orElse(list.isEmpty() ? "(none)" : "(only JVM-internal threads)"));
        }
        out.println("Open " + file + " in JDK Mission Control: the hotscope events sit on their threads' lanes"
            + " (Threads page) with their stacks, under the category hotscope in the Event Browser;");
        out.println("or: jfr print --events hotscope.LockWait " + file + "; bin/hotscope summary " + file);
        writeReport(file);
        out.flush();
        return complete;
    }

    /** The service's own threads are the story; the JVM's timers and JFR's threads wait by design. */
    private static boolean aboutTheService(RecordedEvent e) {
        if (!e.hasField("threadName")) {
            return true;
        }
        String thread = e.getString("threadName");
        return thread != null && thread.matches("order-worker-\\d+|ledger-writer|cache-loader|pricing-\\d+");
    }

    private static Duration length(RecordedEvent e) {
        for (String field : List.of("wait", "offCpu", "latency", "pause", "span")) {
            if (e.hasField(field)) {
                return e.getDuration(field);
            }
        }
        return Duration.ZERO;
    }

    private static String describe(RecordedEvent e) {
        StringBuilder s = new StringBuilder(Durations.format(length(e).toNanos()));
        if (e.hasField("threadName")) {
            s.append(" on ").append(e.getString("threadName"));
        }
        if (e.hasField("syscall")) {
            s.append(" in ").append(e.getString("syscall"));
        }
        if (e.hasField("reason")) {
            s.append(", ").append(e.getString("reason"));
        }
        if (e.hasField("wakerName") && e.getString("wakerName") != null && !e.getString("wakerName").isEmpty()) {
            s.append(", woken by ").append(e.getString("wakerName"));
        }
        if (e.hasField("gcCpuTime")) {
            s.append(", GC threads got ").append(Durations.format(e.getDuration("gcCpuTime").toNanos()))
                .append(" CPU, waited ").append(Durations.format(e.getDuration("gcRunQueueTime").toNanos()))
                .append(" for one");
        }
        if (e.hasField("method") && e.getString("method") != null) {
            s.append(", ").append(e.getString("method"));
        } else if (e.hasField("probedMethod") && e.getString("probedMethod") != null) {
            s.append(", inside ").append(e.getString("probedMethod"));
        }
        if (e.hasField("stack") && e.getString("stack") != null && !e.getString("stack").isEmpty()) {
            s.append(", at ").append(firstJavaFrame(e.getString("stack")));
        }
        return s.toString();
    }

    /** The service's own frame, else the innermost Java frame, else the innermost frame. */
    private static String firstJavaFrame(String stack) {
        String[] lines = stack.split("\n");
        for (String line : lines) {
            if (line.contains("DemoService")) {
                return line.replace(" [java]", "");
            }
        }
        for (String line : lines) {
            if (line.endsWith("[java]") || line.endsWith("[java jit]") && line.contains("(")) {
                return line;
            }
        }
        return lines[0];
    }

    /** The service class, copied out of this jar so the service JVM sees only it and the agent jar. */
    private static Path serviceClasses() throws IOException {
        Path dir = Files.createTempDirectory("hotscope-demo");
        String resource = SERVICE.replace('.', '/') + ".class";
        Path target = dir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = AgentDemo.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("cannot find " + resource + " in the hotscope jar");
            }
            Files.copy(in, target);
        }
        return dir;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
