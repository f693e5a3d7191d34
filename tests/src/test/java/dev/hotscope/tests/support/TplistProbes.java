package dev.hotscope.tests.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The USDT probes of a process as bcc's {@code tplist-bpfcc -vv -p PID} prints them. */
public final class TplistProbes {
    /** The command, as Debian names bcc's tplist. */
    public static final String COMMAND = "tplist-bpfcc";

    private static final Pattern PROBE = Pattern.compile("(\\w+):(\\w+) \\[sema (0x[0-9a-f]+)\\]");
    private static final Pattern LOCATION = Pattern.compile("location #\\d+ (\\S+) (0x[0-9a-f]+)");
    private static final Pattern ARGUMENT = Pattern.compile("argument #\\d+ (\\d+) (signed|unsigned)\\s+bytes @ (\\w+)");

    private TplistProbes() {}

    /**
     * One argument as tplist decodes it from the note.
     *
     * @param bytes its width
     * @param signed its signedness
     * @param register the register, e.g. {@code di}
     */
    public record Argument(int bytes, boolean signed, String register) {
        @Override
        public String toString() {
            return bytes + (signed ? " signed" : " unsigned") + " bytes @ " + register;
        }
    }

    /**
     * One listed probe.
     *
     * @param provider the provider
     * @param name the probe
     * @param semaphore the semaphore's offset as printed
     * @param files the files of its locations
     * @param arguments its arguments, from the first location
     */
    public record Listed(String provider, String name, String semaphore, List<String> files, List<Argument> arguments) {
    }

    /**
     * Runs {@code tplist-bpfcc -vv -p PID}.
     *
     * @param pid the process
     * @return every probe listed, in order
     * @throws InterruptedException if interrupted
     */
    public static List<Listed> of(long pid) throws InterruptedException {
        return parse(Commands.run(List.of(COMMAND, "-vv", "-p", Long.toString(pid))).requireSuccess().stdout());
    }

    static List<Listed> parse(List<String> lines) {
        List<Listed> probes = new ArrayList<>();
        Matcher m;
        for (String raw : lines) {
            String line = raw.trim();
            if ((m = PROBE.matcher(line)).matches()) {
                probes.add(new Listed(m.group(1), m.group(2), m.group(3), new ArrayList<>(), new ArrayList<>()));
            } else if (!probes.isEmpty() && (m = LOCATION.matcher(line)).matches()) {
                probes.get(probes.size() - 1).files().add(m.group(1));
            } else if (!probes.isEmpty() && (m = ARGUMENT.matcher(line)).matches()) {
                Listed last = probes.get(probes.size() - 1);
                if (last.files().size() == 1) {
                    last.arguments().add(new Argument(Integer.parseInt(m.group(1)), m.group(2).equals("signed"), m.group(3)));
                }
            }
        }
        return probes;
    }
}
