package dev.hotscope.bpf.probe;

import dev.hotscope.bpf.tracefs.TraceEventFormat;
import dev.hotscope.bpf.tracefs.TraceEvents;
import dev.hotscope.usdt.ProcessProbes;
import dev.hotscope.usdt.UsdtProbeInfo;
import dev.hotscope.usdt.elf.ElfReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns a {@link ProbeSpec}'s names into a {@link Target}, or an {@link UnknownProbeException} with suggestions. */
final class Resolver {
    private static final int SUGGESTIONS = 5;

    private Resolver() {}

    /** @param end whether this is the end of a pair (a tracepoint end reads only its ret field) */
    static Target resolve(ProbeSpec spec, long pid, boolean end) {
        switch (spec.kind()) {
            case TRACEPOINT:
                return tracepoint(spec, end);
            case USDT:
                return usdt(spec, pid);
            default:
                return uprobe(spec, pid);
        }
    }

    // ---- tracepoints ----

    private static Target tracepoint(ProbeSpec spec, boolean end) {
        String category = spec.scope();
        String event = spec.name();
        if (category.contains("/") || event.contains("/") || !TraceEvents.exists(category, event)) {
            throw new UnknownProbeException("no tracepoint " + category + ":" + event,
                ProbeCatalog.nearest(category + ":" + event, TraceEvents.list(), SUGGESTIONS),
                "list them with " + TraceEvents.root().resolve("available_events"));
        }
        TraceEventFormat format = TraceEvents.format(category, event);
        List<TraceEventFormat.Field> fields = new ArrayList<>();
        if (spec.fieldNames() != null) {
            for (String name : spec.fieldNames()) {
                fields.add(numericField(format, name));
            }
        } else if (end) {
            format.field("ret").filter(TraceEventFormat.Field::isNumeric).ifPresentOrElse(fields::add,
                () -> defaultFields(format).stream().limit(1).forEach(fields::add));
        } else {
            fields.addAll(defaultFields(format));
        }
        return new Target(ProbeSpec.Kind.TRACEPOINT, category, event, null, 0, List.copyOf(fields),
            fields.stream().map(TraceEventFormat.Field::name).toList());
    }

    /** The first 6 numeric fields after the common header; a syscall's number says nothing its event name does not. */
    static List<TraceEventFormat.Field> defaultFields(TraceEventFormat format) {
        return format.fields().stream()
            .filter(f -> !f.isCommon() && f.isNumeric() && !f.name().equals("__syscall_nr"))
            .limit(ProbeSpec.MAX_ARGS).toList();
    }

    private static TraceEventFormat.Field numericField(TraceEventFormat format, String name) {
        TraceEventFormat.Field field = format.field(name).orElseThrow(() -> new UnknownProbeException(
            "no field " + name + " in tracepoint " + format.name(),
            ProbeCatalog.nearest(name, format.fields().stream().map(TraceEventFormat.Field::name).toList(), SUGGESTIONS),
            "its fields: " + String.join(", ", format.fields().stream().filter(f -> !f.isCommon())
                .map(TraceEventFormat.Field::name).toList())));
        if (!field.isNumeric()) {
            throw new IllegalArgumentException("field " + name + " of tracepoint " + format.name() + " is " + field.type()
                + " (" + field.size() + " bytes), not a number; numeric fields: " + String.join(", ", format.fields()
                .stream().filter(f -> !f.isCommon() && f.isNumeric()).map(TraceEventFormat.Field::name).toList()));
        }
        return field;
    }

    // ---- uprobes ----

    private static Target uprobe(ProbeSpec spec, long pid) {
        Path binary = Libraries.resolve(spec.scope(), pid);
        String symbol = spec.name();
        try (ElfReader elf = ElfReader.open(binary)) {
            Set<String> functions = new LinkedHashSet<>();
            for (ElfReader.Symbol s : elf.symbols()) {
                if (!ProbeCatalog.isFunction(s)) {
                    continue;
                }
                String plain = ProbeCatalog.plainName(s.name());
                if (plain.equals(symbol)) {
                    long offset = elf.fileOffsetOf(s.value());
                    if (offset >= 0) {
                        return new Target(ProbeSpec.Kind.UPROBE, spec.scope(), symbol, binary, offset, List.of(),
                            List.of("arg0", "arg1", "arg2", "arg3", "arg4", "arg5"));
                    }
                }
                functions.add(plain);
            }
            throw new UnknownProbeException("no function " + symbol + " in " + binary,
                ProbeCatalog.nearest(symbol, functions, SUGGESTIONS), "list them with ProbeCatalog.symbols(\"" + binary + "\")"
                    + " or nm -D " + binary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the symbols of " + binary + ": " + e.getMessage(), e);
        }
    }

    // ---- USDT ----

    private static Target usdt(ProbeSpec spec, long pid) {
        String provider = spec.scope();
        String name = spec.name();
        Path binary;
        if (spec.library() != null) {
            binary = Libraries.resolve(spec.library(), pid);
        } else if (provider.equals("hotspot") || provider.startsWith("hs_") || pid <= 0) {
            if (!provider.equals("hotspot") && !provider.startsWith("hs_")) {
                throw new IllegalArgumentException("usdt " + provider + ":" + name + " for every process needs its file:"
                    + " add .library(path), or a pid to search the process's files");
            }
            binary = Libraries.resolve("libjvm", pid);
        } else {
            return usdtInProcess(provider, name, pid);
        }
        try {
            List<UsdtProbeInfo> probes = ProcessProbes.list(binary);
            return usdtTarget(provider, name, binary, probes, "in " + binary, "list them with readelf -n " + binary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the USDT notes of " + binary + ": " + e.getMessage(), e);
        }
    }

    private static Target usdtInProcess(String provider, String name, long pid) {
        try {
            List<UsdtProbeInfo> probes = ProcessProbes.list(pid);
            for (UsdtProbeInfo p : probes) {
                if (p.provider().equals(provider) && p.name().equals(name)) {
                    Path file = Path.of(p.file());
                    return usdtTarget(provider, name, file, probes, "in process " + pid, "");
                }
            }
            return usdtTarget(provider, name, null, probes, "in process " + pid,
                "list them with ProbeCatalog.usdtProbes(" + pid + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the USDT probes of process " + pid + ": " + e.getMessage(), e);
        }
    }

    private static Target usdtTarget(String provider, String name, Path binary, List<UsdtProbeInfo> probes, String where,
                                     String hint) {
        Set<String> names = new LinkedHashSet<>();
        for (UsdtProbeInfo p : probes) {
            if (p.provider().equals(provider) && p.name().equals(name)) {
                return new Target(ProbeSpec.Kind.USDT, provider, name, binary, 0, List.of(), argNames(p.args()));
            }
            names.add(p.provider() + ":" + p.name());
        }
        throw new UnknownProbeException("no USDT probe " + provider + ":" + name + " " + where,
            ProbeCatalog.nearest(provider + ":" + name, names, SUGGESTIONS), hint);
    }

    /** {@code -4@%esi 8@%rdx} → arg0, arg1 (at most 6: the rest are not read). */
    private static List<String> argNames(String args) {
        String trimmed = args.trim();
        int count = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.min(count, ProbeSpec.MAX_ARGS); i++) {
            names.add("arg" + i);
        }
        return List.copyOf(names);
    }
}
