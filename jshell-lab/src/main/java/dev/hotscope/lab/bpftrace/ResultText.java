package dev.hotscope.lab.bpftrace;

import java.util.Map;

/** The text of a result: maps as bpftrace prints them on exit, then lost events, errors and the exit code. */
final class ResultText {
    private ResultText() {}

    static String of(BpftraceResult result) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Object> e : result.maps().entrySet()) {
            MapText.lines(e.getKey(), e.getValue()).forEach(l -> out.append(l).append('\n'));
        }
        if (result.maps().isEmpty()) {
            out.append("(no maps)\n");
        }
        if (result.lost() > 0) {
            out.append(lostLine(result.lost())).append('\n');
        }
        result.errors().forEach(e -> out.append("bpftrace: ").append(e).append('\n'));
        if (result.exitCode() != 0) {
            out.append("bpftrace exited with code ").append(result.exitCode()).append('\n');
        }
        return out.toString();
    }

    static String lostLine(long lost) {
        return "lost " + lost + (lost == 1 ? " event" : " events") + ": bpftrace could not read its output as fast as"
            + " it came, so printed lines are missing (maps are complete)";
    }
}
