package dev.hotscope.bench.overhead;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The configurations a run can be in: what is added to the service JVM's command line. */
enum Config {
    NONE("none", "no agent"),
    JFR("jfr", "JFR, `settings=default`"),
    ASYNC_PROFILER("async-profiler", "async-profiler 4.6, `event=cpu`, default interval (10 ms)"),
    HOTSCOPE("hotscope", "hotscope, default events"),
    HOTSCOPE_PROBE("hotscope-probe", "hotscope, default events + `probe=` on the handler"),
    HOTSCOPE_WORST("hotscope-worst", "hotscope, every event at 0 threshold + probe, `span=0ns`");

    /** The method every request goes through: what the probe configurations probe. */
    static final String HANDLER = "dev.hotscope.bench.service.Endpoints#serve";

    private final String id;
    private final String label;

    Config(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The name on the command line and in file names, e.g. {@code hotscope-worst}. */
    String id() {
        return id;
    }

    /** What the table's first column says. */
    String label() {
        return label;
    }

    boolean isHotscope() {
        return this == HOTSCOPE || this == HOTSCOPE_PROBE || this == HOTSCOPE_WORST;
    }

    /** The agent options of a hotscope configuration (without {@code file=}); empty for the others. */
    String agentOptions() {
        switch (this) {
            case HOTSCOPE: return "";
            case HOTSCOPE_PROBE: return "probe=" + HANDLER;
            case HOTSCOPE_WORST: return "syscall=0ns,gc,lock=0ns,offcpu=0ns,runq=0ns,probe=" + HANDLER + ",span=0ns";
            default: return "";
        }
    }

    /**
     * The JVM options this configuration adds.
     *
     * @param tools where the agent jar and async-profiler's library are
     * @param recording where the tool writes its recording
     */
    List<String> jvmArgs(Tools tools, Path recording) {
        List<String> args = new ArrayList<>();
        switch (this) {
            case NONE:
                break;
            case JFR:
                args.add("-XX:StartFlightRecording=settings=default,dumponexit=true,filename=" + recording);
                break;
            case ASYNC_PROFILER:
                args.add("-agentpath:" + tools.asyncProfiler() + "=start,event=cpu,jfr,file=" + recording);
                break;
            case HOTSCOPE_WORST:
                // Contended monitors reach the lock feature only through HotSpot's monitor probes.
                args.add("-XX:+DTraceMonitorProbes");
                args.add(javaagent(tools, recording));
                break;
            default:
                args.add(javaagent(tools, recording));
                break;
        }
        return args;
    }

    private String javaagent(Tools tools, Path recording) {
        String options = agentOptions();
        return "-javaagent:" + tools.agentJar() + "=" + (options.isEmpty() ? "" : options + ",") + "file=" + recording;
    }

    /**
     * The configuration of a name.
     *
     * @throws IllegalArgumentException naming the accepted names
     */
    static Config of(String id) {
        for (Config c : values()) {
            if (c.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown configuration '" + id + "': accepted are " + ids());
    }

    static String ids() {
        StringBuilder s = new StringBuilder();
        for (Config c : values()) {
            s.append(s.length() == 0 ? "" : ", ").append(c.id);
        }
        return s.toString();
    }
}
