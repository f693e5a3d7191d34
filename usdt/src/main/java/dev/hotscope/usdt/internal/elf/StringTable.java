package dev.hotscope.usdt.internal.elf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** An ELF string table under construction: offset 0 is the empty string, equal strings are shared. */
final class StringTable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Map<String, Integer> offsets = new HashMap<>();

    StringTable() {
        add("");
    }

    int add(String s) {
        return offsets.computeIfAbsent(s, key -> {
            int offset = bytes.size();
            bytes.writeBytes(key.getBytes(StandardCharsets.US_ASCII));
            bytes.write(0);
            return offset;
        });
    }

    int offsetOf(String s) {
        Integer offset = offsets.get(s);
        if (offset == null) {
            throw new IllegalStateException("string not in table: " + s);
        }
        return offset;
    }

    int size() {
        return bytes.size();
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}
