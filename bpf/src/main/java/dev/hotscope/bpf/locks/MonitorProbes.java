package dev.hotscope.bpf.locks;

import dev.hotscope.bpf.proc.ProcessMaps;
import dev.hotscope.usdt.elf.Elf;
import dev.hotscope.usdt.elf.ElfReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether a JVM fires HotSpot's monitor probes: they sit behind {@code if (DTraceMonitorProbes)},
 * a flag no foreign process can ask about without attaching (jcmd). Its value is read instead from
 * the target's memory at the flag's {@code .symtab} address in libjvm.so; if that fails, the
 * command line decides.
 */
final class MonitorProbes {
    static final String FLAG = "DTraceMonitorProbes";

    /**
     * @param libjvm the libjvm.so to attach to, or null when the target maps none
     * @param enabled whether the probes fire
     * @param problem why they are not used; null when they are
     */
    record Status(Path libjvm, boolean enabled, String problem) {}

    private MonitorProbes() {}

    static Status notRequested() {
        return new Status(null, false, "monitor probes off: not requested (LockConfig.monitorProbes false)");
    }

    static Status inspect(long pid) {
        List<ProcessMaps.Mapping> libjvm;
        try {
            libjvm = ProcessMaps.read(pid).mappings().stream().filter(m -> m.path.endsWith("/libjvm.so"))
                .sorted(Comparator.comparingLong(m -> m.offset)).collect(Collectors.toList());
        } catch (IOException e) {
            return new Status(null, false, "monitor probes off: cannot read /proc/" + pid + "/maps: " + e.getMessage());
        }
        if (libjvm.isEmpty()) {
            return new Status(null, false, "monitor probes off: pid " + pid + " maps no libjvm.so (not a HotSpot JVM)");
        }
        Path file = reachable(pid, libjvm.get(0).path);
        Optional<Boolean> flag = flagInMemory(pid, file, libjvm.get(0));
        boolean on = flag.orElseGet(() -> flagOnCommandLine(pid));
        if (on) {
            return new Status(file, true, null);
        }
        return new Status(file, false, "monitor probes off: the JVM runs without -XX:+" + FLAG
            + (flag.isPresent() ? "" : " (judged by its command line: its memory was unreadable)"));
    }

    /** The file as this process can open it: through the target's root if it runs in another mount namespace. */
    private static Path reachable(long pid, String path) {
        Path viaRoot = Path.of("/proc", Long.toString(pid), "root", path.substring(1));
        return Files.isReadable(viaRoot) ? viaRoot : Path.of(path);
    }

    /** The flag's byte in the target's memory; empty if the symbol or the memory cannot be read. */
    private static Optional<Boolean> flagInMemory(long pid, Path file, ProcessMaps.Mapping first) {
        try (ElfReader elf = ElfReader.open(file)) {
            Optional<ElfReader.Symbol> symbol = elf.symbols().stream()
                .filter(s -> s.type() == Elf.STT_OBJECT && s.size() == 1 && s.name().equals(FLAG)).findFirst();
            if (symbol.isEmpty()) {
                return Optional.empty();
            }
            Optional<Long> bias = loadBias(elf, first);
            if (bias.isEmpty()) {
                return Optional.empty();
            }
            ByteBuffer value = ByteBuffer.allocate(1);
            Path memory = Path.of("/proc", Long.toString(pid), "mem");
            try (FileChannel mem = FileChannel.open(memory, StandardOpenOption.READ)) {
                if (mem.read(value, bias.get() + symbol.get().value()) != 1) {
                    return Optional.empty();
                }
            }
            return Optional.of(value.get(0) != 0);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Where link-time address 0 of the file lies in the process, from the mapping of its lowest offset. */
    private static Optional<Long> loadBias(ElfReader elf, ProcessMaps.Mapping mapping) {
        for (ElfReader.ProgramHeader p : elf.programHeaders()) {
            if (p.isLoad() && mapping.offset >= p.offset() && mapping.offset < p.offset() + Math.max(p.filesz(), 1)) {
                return Optional.of(mapping.start - mapping.offset + p.offset() - p.vaddr());
            }
        }
        return Optional.empty();
    }

    private static boolean flagOnCommandLine(long pid) {
        try {
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                StandardCharsets.UTF_8);
            for (String arg : cmdline.split("\0")) {
                if (arg.equals("-XX:+" + FLAG) || arg.equals("-XX:+ExtendedDTraceProbes")) {
                    return true;
                }
            }
        } catch (IOException e) {
            // gone or unreadable: the probes cannot be counted on
        }
        return false;
    }
}
