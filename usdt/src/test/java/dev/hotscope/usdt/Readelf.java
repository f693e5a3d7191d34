package dev.hotscope.usdt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs binutils' {@code readelf} and parses what it prints, as an independent oracle for tests. */
public final class Readelf {
    private static final Pattern LOCATION = Pattern.compile(
        "Location: 0x([0-9a-f]+), Base: 0x([0-9a-f]+), Semaphore: 0x([0-9a-f]+)");
    private static final Pattern SECTION = Pattern.compile(
        "^\\s*\\[\\s*(\\d+)\\]\\s+(\\S+)\\s+([A-Z_0-9]+)\\s+([0-9a-f]{16})\\s+([0-9a-f]+)\\s+([0-9a-f]+)\\s");
    private static final Pattern TABLE = Pattern.compile("^Symbol table '(\\S+)' contains (\\d+) entr");
    private static final Pattern LOAD = Pattern.compile(
        "^\\s*LOAD\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x[0-9a-f]+\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s");

    private Readelf() {}

    /** One SDT note as {@code readelf -n} prints it. */
    public record Note(String provider, String name, long location, long base, long semaphore, String args) {}

    /** One section as {@code readelf -SW} prints it. */
    public record Section(int index, String name, String type, long addr, long offset, long size) {}

    /** One {@code PT_LOAD} as {@code readelf -lW} prints it. */
    public record Load(long offset, long vaddr, long filesz, long memsz) {}

    /** The SDT notes of a file, in file order. */
    public static List<Note> notes(Path file) {
        List<Note> notes = new ArrayList<>();
        String provider = null;
        String name = null;
        Matcher where = null;
        for (String line : run("readelf", "-n", file.toString())) {
            String t = line.strip();
            // With --wide readelf puts "Provider:" on the note's header line; without, on its own.
            int providerAt = t.indexOf("Provider: ");
            if (providerAt >= 0) {
                provider = t.substring(providerAt + "Provider: ".length());
            } else if (t.startsWith("Name: ")) {
                name = t.substring("Name: ".length());
            } else if (t.startsWith("Location: ")) {
                where = LOCATION.matcher(t);
                if (!where.find()) {
                    throw new IllegalStateException("readelf printed an unexpected line: " + line);
                }
            } else if (t.startsWith("Arguments:")) {
                // readelf prints "Arguments: " then the spec, which may be empty.
                notes.add(new Note(provider, name, hex(where.group(1)), hex(where.group(2)), hex(where.group(3)),
                    t.substring("Arguments:".length()).strip()));
            }
        }
        return notes;
    }

    /** The sections of a file except the null section 0. */
    public static List<Section> sections(Path file) {
        List<Section> sections = new ArrayList<>();
        for (String line : run("readelf", "-SW", file.toString())) {
            Matcher m = SECTION.matcher(line);
            if (m.find()) {
                sections.add(new Section(Integer.parseInt(m.group(1)), m.group(2), m.group(3), hex(m.group(4)),
                    hex(m.group(5)), hex(m.group(6))));
            }
        }
        return sections;
    }

    /** The {@code PT_LOAD} segments of a file. */
    public static List<Load> loads(Path file) {
        List<Load> loads = new ArrayList<>();
        for (String line : run("readelf", "-lW", file.toString())) {
            Matcher m = LOAD.matcher(line);
            if (m.find()) {
                loads.add(new Load(hex(m.group(1)), hex(m.group(2)), hex(m.group(3)), hex(m.group(4))));
            }
        }
        return loads;
    }

    /** Entries per symbol table name, e.g. {@code .dynsym -> 484}. */
    public static Map<String, Integer> symbolTableSizes(Path file) {
        Map<String, Integer> sizes = new HashMap<>();
        for (String line : run("readelf", "-sW", file.toString())) {
            Matcher m = TABLE.matcher(line);
            if (m.find()) {
                sizes.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        return sizes;
    }

    /** Runs a command with the C locale and returns its output lines; fails if it exits non-zero. */
    public static List<String> run(String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("LC_ALL", "C");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = process.waitFor();
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + code + ": " + output);
            }
            return output.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long hex(String digits) {
        return Long.parseUnsignedLong(digits, 16);
    }
}
