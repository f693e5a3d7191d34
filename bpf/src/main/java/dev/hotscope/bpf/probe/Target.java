package dev.hotscope.bpf.probe;

import dev.hotscope.bpf.tracefs.TraceEventFormat;
import java.nio.file.Path;
import java.util.List;

/**
 * One attach point, resolved: the file and offset of a uprobe, the file of a USDT probe, or the
 * tracepoint and the fields its program reads.
 *
 * @param kind the kind
 * @param scope provider, library as given, or category
 * @param name probe, symbol or event
 * @param binary the ELF file (USDT, uprobe), else null
 * @param offset the function's file offset (uprobe), else 0
 * @param fields the tracepoint fields read, in order (tracepoint), else empty
 * @param argNames the names of the values a hit carries
 */
record Target(ProbeSpec.Kind kind, String scope, String name, Path binary, long offset,
              List<TraceEventFormat.Field> fields, List<String> argNames) {
    String describe() {
        switch (kind) {
            case TRACEPOINT:
                return "tracepoint " + scope + ":" + name;
            case USDT:
                return "usdt " + scope + ":" + name + " in " + binary;
            default:
                return "uprobe " + binary + ":" + name + " (offset 0x" + Long.toHexString(offset) + ")";
        }
    }
}
