package dev.hotscope.tests.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The SystemTap notes of an ELF file as {@code readelf -n} prints them. */
public final class ReadelfNotes {
    private ReadelfNotes() {}

    /**
     * One {@code NT_STAPSDT} note.
     *
     * @param provider the {@code Provider:} line
     * @param name the {@code Name:} line
     * @param arguments the {@code Arguments:} line, "" for none
     */
    public record Note(String provider, String name, String arguments) {
    }

    /**
     * Runs {@code readelf -n FILE} and collects its SystemTap notes.
     *
     * @param file the ELF file
     * @return the notes in file order
     * @throws InterruptedException if interrupted
     */
    public static List<Note> of(Path file) throws InterruptedException {
        return parse(Commands.run(List.of("readelf", "-n", file.toString())).requireSuccess().stdout());
    }

    static List<Note> parse(List<String> lines) {
        List<Note> notes = new ArrayList<>();
        String provider = null;
        String name = null;
        for (String raw : lines) {
            String line = raw.trim();
            if (line.startsWith("Provider:")) {
                provider = valueOf(line);
                name = null;
            } else if (line.startsWith("Name:")) {
                name = valueOf(line);
            } else if (line.startsWith("Arguments:") && provider != null && name != null) {
                notes.add(new Note(provider, name, valueOf(line)));
                provider = null;
                name = null;
            }
        }
        return notes;
    }

    private static String valueOf(String line) {
        return line.substring(line.indexOf(':') + 1).trim();
    }
}
