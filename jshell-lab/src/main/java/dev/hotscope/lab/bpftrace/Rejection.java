package dev.hotscope.lab.bpftrace;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Words bpftrace's refusal of a script as one line: its first error, where in the script, and what to do. */
final class Rejection {
    /** bpftrace 0.17's error position: {@code stdin:LINE:COL-COL: ERROR: text}. */
    private static final Pattern POSITIONED = Pattern.compile("^stdin:(\\d+):(\\d+)(?:-\\d+)?:\\s*ERROR:\\s*(.*)$");
    private static final Pattern PLAIN = Pattern.compile("^ERROR:\\s*(.*)$");

    private Rejection() {}

    static BpftraceException of(int exitCode, List<String> stderr, List<String> stdoutRemarks) {
        return new BpftraceException(message(exitCode, stderr, stdoutRemarks), exitCode, stderr);
    }

    private static String message(int exitCode, List<String> stderr, List<String> stdoutRemarks) {
        for (String line : stderr) {
            Matcher m = POSITIONED.matcher(line.strip());
            if (m.matches()) {
                return "bpftrace rejected the script at line " + m.group(1) + ", column " + m.group(2) + ": "
                    + m.group(3) + "; fix the script there and run it again";
            }
        }
        for (String line : stderr) {
            Matcher m = PLAIN.matcher(line.strip());
            if (m.matches()) {
                return "bpftrace rejected the script: " + m.group(1) + "; fix the script and run it again";
            }
        }
        for (String remark : stdoutRemarks) {
            if (remark.contains("No probes to attach")) {
                return "bpftrace found no probes to attach: check the probe names (bpftrace -l 'tracepoint:syscalls:*'"
                    + " lists them) and, for uprobe/usdt, the binary path or the pid";
            }
        }
        String said = !stderr.isEmpty() ? stderr.get(0) : !stdoutRemarks.isEmpty() ? stdoutRemarks.get(0) : "";
        return "bpftrace failed with exit code " + exitCode + (said.isEmpty() ? " and said nothing" : ": " + said.strip())
            + "; run the script with bpftrace in a shell to see more";
    }
}
